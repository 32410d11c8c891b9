-- media.sql: what fashionos adds to media_size_specs, asset_variants, cloudinary_assets,
-- asset_links (tests/spec/proposed-schema.md, tables 31-34). The tables themselves are the spec's,
-- as written, created by sql/generated/spec_tables.sql; every addition is marked "addition" and
-- listed in docs/schema.md.

-- ---------------------------------------------------------------------------------------------
-- media_size_specs
-- ---------------------------------------------------------------------------------------------
-- addition: a size has a positive width and height
ALTER TABLE public.media_size_specs ADD CONSTRAINT media_size_specs_width_positive CHECK (width > 0);
ALTER TABLE public.media_size_specs ADD CONSTRAINT media_size_specs_height_positive CHECK (height > 0);

-- ---------------------------------------------------------------------------------------------
-- asset_variants
-- ---------------------------------------------------------------------------------------------
-- addition: sizes are not negative
ALTER TABLE public.asset_variants ADD CONSTRAINT asset_variants_file_size_bytes_nonnegative CHECK (file_size_bytes >= 0);
-- addition: a variant of an asset per target size once (the key a sync upserts on:
-- on_conflict=asset_id,size_spec_id), and one primary variant per asset (the one shown by default;
-- checked row by row: unset the old one before setting a new one)
CREATE UNIQUE INDEX idx_asset_variants_asset_size ON public.asset_variants (asset_id, size_spec_id);
CREATE UNIQUE INDEX idx_asset_variants_one_primary ON public.asset_variants (asset_id) WHERE is_primary;

-- ---------------------------------------------------------------------------------------------
-- cloudinary_assets
-- ---------------------------------------------------------------------------------------------
-- addition: sizes are not negative
ALTER TABLE public.cloudinary_assets ADD CONSTRAINT cloudinary_assets_width_nonnegative CHECK (width >= 0);
ALTER TABLE public.cloudinary_assets ADD CONSTRAINT cloudinary_assets_height_nonnegative CHECK (height >= 0);
ALTER TABLE public.cloudinary_assets ADD CONSTRAINT cloudinary_assets_bytes_nonnegative CHECK (bytes >= 0);
-- The spec declares public_id UNIQUE and also CREATE UNIQUE INDEX idx_cloudinary_assets_public_id
-- on it: one unique index is what it means, so the UNIQUE constraint carries the index's name.
DROP INDEX public.idx_cloudinary_assets_public_id;
ALTER TABLE public.cloudinary_assets RENAME CONSTRAINT cloudinary_assets_public_id_key TO idx_cloudinary_assets_public_id;
