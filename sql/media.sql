-- media.sql: media_size_specs, asset_variants, cloudinary_assets, asset_links
-- (tests/spec/proposed-schema.md, tables 31-34). Additions are marked "addition" (docs/schema.md).

-- ---------------------------------------------------------------------------------------------
-- media_size_specs
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.media_size_specs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    platform text NOT NULL,
    use_case text NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    aspect_ratio text,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: a size has a positive width and height
    CONSTRAINT media_size_specs_width_positive CHECK (width > 0),
    CONSTRAINT media_size_specs_height_positive CHECK (height > 0)
);
CREATE INDEX idx_media_size_specs_platform ON public.media_size_specs (platform);

-- ---------------------------------------------------------------------------------------------
-- asset_variants
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.asset_variants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    asset_id uuid NOT NULL REFERENCES public.assets (id) ON DELETE CASCADE,
    size_spec_id uuid NOT NULL REFERENCES public.media_size_specs (id) ON DELETE CASCADE,
    file_url text NOT NULL,
    file_size_bytes integer,
    is_primary boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: sizes are not negative
    CONSTRAINT asset_variants_file_size_bytes_nonnegative CHECK (file_size_bytes >= 0)
);
CREATE INDEX idx_asset_variants_asset_id ON public.asset_variants (asset_id);
CREATE INDEX idx_asset_variants_size_spec_id ON public.asset_variants (size_spec_id);

-- ---------------------------------------------------------------------------------------------
-- cloudinary_assets
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.cloudinary_assets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    asset_id uuid NOT NULL REFERENCES public.assets (id) ON DELETE CASCADE,
    public_id text NOT NULL CONSTRAINT idx_cloudinary_assets_public_id UNIQUE,
    folder text,
    format text,
    width integer,
    height integer,
    bytes integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: sizes are not negative
    CONSTRAINT cloudinary_assets_width_nonnegative CHECK (width >= 0),
    CONSTRAINT cloudinary_assets_height_nonnegative CHECK (height >= 0),
    CONSTRAINT cloudinary_assets_bytes_nonnegative CHECK (bytes >= 0)
);
-- The spec declares public_id UNIQUE and also CREATE UNIQUE INDEX idx_cloudinary_assets_public_id
-- on it: one unique index is what it means, so the UNIQUE constraint carries the index's name.
CREATE INDEX idx_cloudinary_assets_asset_id ON public.cloudinary_assets (asset_id);

-- ---------------------------------------------------------------------------------------------
-- asset_links
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.asset_links (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    asset_id uuid NOT NULL REFERENCES public.assets (id) ON DELETE CASCADE,
    entity_type text NOT NULL,
    entity_id uuid NOT NULL,
    role text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_asset_links_asset_id ON public.asset_links (asset_id);
CREATE INDEX idx_asset_links_entity ON public.asset_links (entity_type, entity_id);

