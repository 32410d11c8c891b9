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

COMMENT ON TABLE public.media_size_specs IS 'Size requirements of each platform and use (e.g. instagram feed_post 1080x1080), the targets of asset_variants.';
COMMENT ON COLUMN public.media_size_specs.platform IS 'Target platform, e.g. instagram, facebook, shopify, amazon.';
COMMENT ON COLUMN public.media_size_specs.use_case IS 'Placement on the platform, e.g. feed_post, story, product_main.';
COMMENT ON COLUMN public.media_size_specs.width IS 'Width in pixels, > 0.';
COMMENT ON COLUMN public.media_size_specs.height IS 'Height in pixels, > 0.';
COMMENT ON COLUMN public.media_size_specs.aspect_ratio IS 'Aspect ratio as text, e.g. ''1:1'', ''4:5'', ''9:16''.';
COMMENT ON COLUMN public.media_size_specs.is_active IS 'False for retired specs that are kept for existing variants.';

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

COMMENT ON TABLE public.asset_variants IS 'Renditions of an asset in the size of a media_size_specs row.';
COMMENT ON COLUMN public.asset_variants.file_size_bytes IS 'Size of the file in bytes, >= 0.';
COMMENT ON COLUMN public.asset_variants.is_primary IS 'The variant shown by default for the asset.';

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

COMMENT ON TABLE public.cloudinary_assets IS 'Cloudinary CDN metadata of an asset (one Cloudinary public_id per row).';
COMMENT ON COLUMN public.cloudinary_assets.public_id IS 'Cloudinary public id of the upload; unique.';
COMMENT ON COLUMN public.cloudinary_assets.format IS 'File format reported by Cloudinary, e.g. jpg, webp, mp4.';
COMMENT ON COLUMN public.cloudinary_assets.width IS 'Width in pixels, >= 0.';
COMMENT ON COLUMN public.cloudinary_assets.height IS 'Height in pixels, >= 0.';
COMMENT ON COLUMN public.cloudinary_assets.bytes IS 'File size in bytes, >= 0.';

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

COMMENT ON TABLE public.asset_links IS
    'Links an asset to any other row (polymorphic: entity_type names the table, entity_id its id; not enforced as a foreign key).';
COMMENT ON COLUMN public.asset_links.entity_type IS 'Name of the linked table, e.g. events, shoots, designer_profiles.';
COMMENT ON COLUMN public.asset_links.entity_id IS 'id of the linked row in the table named by entity_type (no foreign key).';
COMMENT ON COLUMN public.asset_links.role IS 'What the asset is for the entity, e.g. cover, gallery, logo.';
