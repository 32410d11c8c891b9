-- Hand-written part of the update from 0.4.0 to 0.5.0 (scripts/make-upgrade.py puts it first).

-- A waiter's name has 1 to 200 characters, as the messages say, not bytes: a name of 101 "é" is
-- 202 bytes. Every name the old check accepted is accepted.
ALTER TABLE fashionos.waitlist_entries
    DROP CONSTRAINT waitlist_entries_attendee_name_check,
    ADD CONSTRAINT waitlist_entries_attendee_name_check CHECK (length(attendee_name) BETWEEN 1 AND 200);

-- A profile's e-mail changes server-side only (sql/security.sql). The trigger needs its function,
-- created here; the functions part of the script replaces it with the same definition.
CREATE FUNCTION fashionos.users_email_door() RETURNS trigger
    LANGUAGE plpgsql SET search_path = '' AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_email_door BEFORE UPDATE OF email ON public.users
    FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email) EXECUTE FUNCTION fashionos.users_email_door();
