-- The spec's duplicate unique indexes: one unique index each, named as the spec names the index.
DROP INDEX public.idx_registrations_qr_code;
ALTER TABLE public.registrations RENAME CONSTRAINT registrations_qr_code_data_key TO idx_registrations_qr_code;
DROP INDEX public.idx_cloudinary_assets_public_id;
ALTER TABLE public.cloudinary_assets RENAME CONSTRAINT cloudinary_assets_public_id_key TO idx_cloudinary_assets_public_id;

-- Limits per buyer (issue 11): three settings per event and the index their count uses.
ALTER TABLE fashionos.event_settings
    ADD COLUMN buyer_max_tickets integer NOT NULL DEFAULT 20 CHECK (buyer_max_tickets BETWEEN 1 AND 10000),
    ADD COLUMN buyer_max_tickets_per_tier integer NOT NULL DEFAULT 10 CHECK (buyer_max_tickets_per_tier BETWEEN 1 AND 10000),
    ADD COLUMN buyer_max_holds integer NOT NULL DEFAULT 10 CHECK (buyer_max_holds BETWEEN 1 AND 10000);
COMMENT ON COLUMN fashionos.event_settings.buyer_max_tickets IS 'At most this many live tickets (held, confirmed or attended) of the event per attendee e-mail (lower-case, trimmed), default 20. The event''s organizers and server-side code are exempt.';
COMMENT ON COLUMN fashionos.event_settings.buyer_max_tickets_per_tier IS 'At most this many live tickets of one tier of the event per attendee e-mail, default 10.';
COMMENT ON COLUMN fashionos.event_settings.buyer_max_holds IS 'At most this many unpaid tickets on hold (not expired) of the event per attendee e-mail, default 10.';
COMMENT ON TABLE fashionos.event_settings IS
    'Per-event settings: the time zone in which DATE + time-slot columns (event_rehearsals, call_times) are read, the minimum walk-order gap between two looks of one model, how long a ticket hold lasts, how long a call time books a model, and the limits per buyer of its ticket sales. An event without a row uses the defaults.';
CREATE INDEX idx_registrations_attendee_email ON public.registrations (event_id, attendee_email);
