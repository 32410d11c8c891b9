-- The spec's duplicate unique indexes: one unique index each, named as the spec names the index.
DROP INDEX public.idx_registrations_qr_code;
ALTER TABLE public.registrations RENAME CONSTRAINT registrations_qr_code_data_key TO idx_registrations_qr_code;
DROP INDEX public.idx_cloudinary_assets_public_id;
ALTER TABLE public.cloudinary_assets RENAME CONSTRAINT cloudinary_assets_public_id_key TO idx_cloudinary_assets_public_id;
