-- ticketing_doors.sql: the rules of ticketing hold for direct table writes too.
--
-- PostgREST exposes ticket_tiers, registrations and payments as tables as well as through the API
-- functions, and row level security lets the members of an organization write them. Row level
-- security decides which rows; the triggers below decide which changes. Every column is one of
-- three kinds (docs/security.md, "Which door for which change"):
--   1. free data, written directly by whoever row level security lets in (a tier's name, type,
--      price and capacity; an attendee's name and e-mail);
--   2. state that moves only through the API functions (quantity_sold, a registration's status,
--      token, check-in time, tier and event; every column of a payment): refused on direct writes
--      with 42501 (HTTP 403), the message naming what is kept and the hint the function to call;
--   3. inserts and deletes of sales records: refused the same way. Tickets come from
--      reserve_tickets, go back through cancel_registration, refund_payment, fail_payment or
--      expiry, and their rows stay as the record of the sale.
-- Two rules hold for every writer, the functions included: a tier with registrations keeps its
-- event, and quantity_total never goes below quantity_sold (PT409, HTTP 409).
--
-- How the API functions get through: they are SECURITY DEFINER and run as the extension's owner,
-- and so do the foreign keys' cascades (deleting an event deletes its tiers, registrations and
-- payments). fashionos.ticketing_door lets through the roles with the privileges of the owner of
-- the extension (pg_extension.extowner; superusers included), which could disable the triggers
-- anyway; it refuses every other role: anon, authenticated and service_role. The triggers fire only
-- for the columns they guard (UPDATE OF ... WHEN (OLD.x IS DISTINCT FROM NEW.x)), so an edit of
-- free data does not call them, and their WHEN clause lets the owner's writes (every write of the
-- API functions) through without calling PL/pgSQL.

-- ---------------------------------------------------------------------------------------------
-- The door: kind 2 and 3, refused unless the writer is the extension's owner
-- ---------------------------------------------------------------------------------------------
-- TG_ARGV of an UPDATE trigger: the guarded columns, in the order a refusal names them.
CREATE FUNCTION fashionos.ticketing_door()
    RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_column text;
    v_old text;
    v_new text;
    v_what text := CASE TG_TABLE_NAME WHEN 'ticket_tiers' THEN 'ticket tier'
                                      WHEN 'registrations' THEN 'registration' ELSE 'payment' END;
BEGIN
    IF pg_catalog.pg_has_role(current_user,
           (SELECT e.extowner FROM pg_catalog.pg_extension e WHERE e.extname = 'fashionos'), 'USAGE') IS TRUE THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;

    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('TRUNCATE of %s is refused', TG_TABLE_NAME),
            DETAIL = pg_catalog.format('Role %s may not empty public.%s: its rows are tickets and payments.', current_user, TG_TABLE_NAME),
            HINT = 'Cancel the event instead (status cancelled); an event whose tickets were all cancelled unpaid may be deleted, its tiers, registrations and payments with it.';
    END IF;

    IF TG_OP = 'INSERT' THEN
        IF TG_TABLE_NAME = 'ticket_tiers' THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = 'quantity_sold of a ticket tier is kept by the ticketing functions',
                DETAIL = pg_catalog.format('A new tier starts with quantity_sold 0; the request sets %s for tier %s of event %s.',
                                           NEW.quantity_sold, fashionos.shown(NEW.name), NEW.event_id),
                HINT = 'Leave quantity_sold out. Tickets are taken by reserve_tickets; tickets sold on another platform come in with import_tickets, which counts them.';
        END IF;
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('%ss are created by reserve_tickets', v_what),
            DETAIL = pg_catalog.format('Role %s may not insert into public.%s: a ticket takes inventory, gets a signed token and, when it has a price, a pending payment.', current_user, TG_TABLE_NAME),
            HINT = 'Call reserve_tickets (organizers issue comp and press tickets with it, in any attendee''s name); payments move with complete_payment, fail_payment and refund_payment.';
    END IF;

    IF TG_OP = 'DELETE' THEN
        IF TG_TABLE_NAME = 'ticket_tiers' THEN
            IF NOT EXISTS (SELECT 1 FROM public.registrations r WHERE r.ticket_tier_id = OLD.id) THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = 'a ticket tier that has registrations is not deleted',
                DETAIL = pg_catalog.format('Tier %s has %s registrations (%s of them live: sold or held): deleting it would delete tickets and their payments, the record of its sales.',
                                           OLD.id, (SELECT pg_catalog.count(*) FROM public.registrations r WHERE r.ticket_tier_id = OLD.id), OLD.quantity_sold),
                HINT = 'Keep the tier as the record of its sales and stop them with close_ticket_tier; cancelled and refunded tickets stay registrations too.';
        END IF;
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('%ss are not deleted', v_what),
            DETAIL = pg_catalog.format('Role %s may not delete %s %s: it is the record of a sale.', current_user, v_what, OLD.id),
            HINT = CASE TG_TABLE_NAME
                WHEN 'registrations' THEN 'Cancel it with cancel_registration (a paid one with refund_payment): its ticket goes back on sale once and its token is revoked.'
                ELSE 'Fail a pending payment with fail_payment, refund a completed one with refund_payment.' END;
    END IF;

    -- UPDATE: name the first guarded column that changes.
    SELECT c.col, pg_catalog.to_jsonb(OLD) ->> c.col, pg_catalog.to_jsonb(NEW) ->> c.col
      INTO v_column, v_old, v_new
      FROM pg_catalog.unnest(TG_ARGV) WITH ORDINALITY AS c (col, n)
     WHERE (pg_catalog.to_jsonb(OLD) -> c.col) IS DISTINCT FROM (pg_catalog.to_jsonb(NEW) -> c.col)
     ORDER BY c.n
     LIMIT 1;
    IF v_column IS NULL THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '42501',
        MESSAGE = pg_catalog.format('%s of a %s is changed by the ticketing functions only', v_column, v_what),
        DETAIL = pg_catalog.format('Role %s may not change %s of %s %s%s.', current_user, v_column, v_what, OLD.id,
                     CASE WHEN v_column = 'qr_code_data' THEN ''
                          ELSE pg_catalog.format(' from %s to %s', coalesce(v_old, 'NULL'), coalesce(v_new, 'NULL')) END),
        HINT = CASE
            WHEN TG_TABLE_NAME = 'ticket_tiers' THEN
                'Tickets are taken by reserve_tickets and given back by cancel_registration, refund_payment, fail_payment and expiry; change quantity_total to change how many are left.'
            WHEN TG_TABLE_NAME = 'payments' THEN
                'A payment moves pending -> completed (complete_payment, which also records provider and provider_transaction_id), pending -> failed (fail_payment), completed -> refunded (refund_payment).'
            WHEN v_column = 'status' THEN
                'Cancel with cancel_registration, refund with refund_payment; a payment confirms it (complete_payment); the door checks it in (check_in, undo_check_in).'
            WHEN v_column = 'checked_in_at' THEN
                'Check a ticket in with check_in, undo a mistaken check-in with undo_check_in.'
            WHEN v_column = 'qr_code_data' THEN
                'Issue a new token with reissue_ticket (the old one is revoked).'
            WHEN v_column IN ('ticket_tier_id', 'event_id') THEN
                'Exchange it with exchange_ticket: the other tier''s ticket is taken first (the guest keeps his if that tier is full), and what he paid counts toward its price.'
            ELSE 'A registration keeps its id.' END;
END
$$;
COMMENT ON FUNCTION fashionos.ticketing_door() IS
    'Trigger: refuses (42501) direct writes of ticketing state by roles other than the extension''s owner (the API functions run as the owner): inserts and deletes of registrations and payments, deletes of tiers that have registrations, TRUNCATE, and changes of the columns named in TG_ARGV; the hint names the function to call.';

-- The door triggers. Their WHEN clause asks first whether a guarded column changes, then whether
-- the writer has the privileges of the extension's owner (@is_owner@ below is replaced by
-- pg_has_role(CURRENT_USER, <oid of the owner>, 'USAGE'); a role keeps its oid when renamed and
-- through pg_upgrade, and CREATE EXTENSION writes it afresh on a restore). pg_has_role is a
-- built-in that reads the role caches, so the API's own writes cost one such call per row and
-- never call the PL/pgSQL function, which checks the owner again itself.
DO $do$
DECLARE
    v_owner text;
    v_ddl text;
    v_comment text;
BEGIN
    SELECT e.extowner::text INTO STRICT v_owner
      FROM pg_catalog.pg_extension e WHERE e.extname = 'fashionos';
    FOR v_ddl, v_comment IN
        SELECT d.ddl, d.comment FROM (VALUES
        -- ticket_tiers: quantity_sold is the functions'; a tier with registrations stays.
        ($$CREATE TRIGGER ticket_tiers_door_insert BEFORE INSERT ON public.ticket_tiers
            FOR EACH ROW WHEN (NEW.quantity_sold <> 0 AND NOT @is_owner@)
            EXECUTE FUNCTION fashionos.ticketing_door()$$,
         'A tier created directly starts with quantity_sold 0 (42501 otherwise).'),
        ($$CREATE TRIGGER ticket_tiers_door_update BEFORE UPDATE OF quantity_sold ON public.ticket_tiers
            FOR EACH ROW WHEN (OLD.quantity_sold IS DISTINCT FROM NEW.quantity_sold AND NOT @is_owner@)
            EXECUTE FUNCTION fashionos.ticketing_door('quantity_sold')$$,
         'quantity_sold moves only through the ticketing functions (42501 on a direct change).'),
        ($$CREATE TRIGGER ticket_tiers_door_delete BEFORE DELETE ON public.ticket_tiers
            FOR EACH ROW WHEN (NOT @is_owner@) EXECUTE FUNCTION fashionos.ticketing_door()$$,
         'A tier that has registrations is not deleted directly (42501); one without is.'),
        -- registrations: created by reserve_tickets, never deleted; state, token, tier and event are the functions'.
        ($$CREATE TRIGGER registrations_door BEFORE INSERT OR DELETE ON public.registrations
            FOR EACH ROW WHEN (NOT @is_owner@) EXECUTE FUNCTION fashionos.ticketing_door()$$,
         'Registrations are created by reserve_tickets and never deleted directly: cancel_registration or refund_payment (42501 otherwise).'),
        ($$CREATE TRIGGER registrations_door_update
            BEFORE UPDATE OF status, checked_in_at, qr_code_data, ticket_tier_id, event_id, id ON public.registrations
            FOR EACH ROW WHEN ((OLD.status IS DISTINCT FROM NEW.status
                                OR OLD.checked_in_at IS DISTINCT FROM NEW.checked_in_at
                                OR OLD.qr_code_data IS DISTINCT FROM NEW.qr_code_data
                                OR OLD.ticket_tier_id IS DISTINCT FROM NEW.ticket_tier_id
                                OR OLD.event_id IS DISTINCT FROM NEW.event_id
                                OR OLD.id IS DISTINCT FROM NEW.id) AND NOT @is_owner@)
            EXECUTE FUNCTION fashionos.ticketing_door('status', 'checked_in_at', 'qr_code_data', 'ticket_tier_id', 'event_id', 'id')$$,
         'status, checked_in_at, qr_code_data, ticket_tier_id, event_id and id move only through the ticketing and check-in functions (42501 on a direct change).'),
        -- payments: every column is the payment functions'.
        ($$CREATE TRIGGER payments_door BEFORE INSERT OR DELETE ON public.payments
            FOR EACH ROW WHEN (NOT @is_owner@) EXECUTE FUNCTION fashionos.ticketing_door()$$,
         'Payments are created by reserve_tickets and never deleted directly (42501): fail_payment, refund_payment.'),
        ($$CREATE TRIGGER payments_door_update BEFORE UPDATE ON public.payments
            FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.* AND NOT @is_owner@)
            EXECUTE FUNCTION fashionos.ticketing_door('status', 'amount', 'currency', 'provider', 'provider_transaction_id',
                                                      'registration_id', 'payer_id', 'id', 'created_at')$$,
         'A payment changes only through complete_payment, fail_payment and refund_payment (42501 on a direct change of any column).')
        ) AS d (ddl, comment)
        UNION ALL
        -- all three: TRUNCATE, which fires no row trigger
        SELECT pg_catalog.format($$CREATE TRIGGER %1$s_door_truncate BEFORE TRUNCATE ON public.%1$s
                   FOR EACH STATEMENT WHEN (NOT @is_owner@) EXECUTE FUNCTION fashionos.ticketing_door()$$, t),
               'TRUNCATE (which fires no row trigger) is refused to every role but the extension''s owner.'
          FROM pg_catalog.unnest('{ticket_tiers,registrations,payments}'::text[]) AS t
    LOOP
        EXECUTE pg_catalog.replace(v_ddl, '@is_owner@',
            pg_catalog.format('pg_catalog.pg_has_role(CURRENT_USER, %s::pg_catalog.oid, %L)', v_owner, 'USAGE'));
        -- the comment of the trigger just created: CREATE TRIGGER <name> ... ON <table>
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %s ON %s IS %L',
                                  (pg_catalog.regexp_match(v_ddl, 'CREATE TRIGGER (\w+)'))[1],
                                  (pg_catalog.regexp_match(v_ddl, ' ON (public\.\w+)'))[1], v_comment);
    END LOOP;
END
$do$;

-- ---------------------------------------------------------------------------------------------
-- Rules for every writer
-- ---------------------------------------------------------------------------------------------

-- A tier with registrations keeps its event (its registrations name it); its capacity does not go
-- below what it sold (the CHECK constraint says so too; this says it with the numbers and a hint).
-- SECURITY DEFINER: it counts registrations whatever the writer may read.
CREATE FUNCTION fashionos.ticket_tier_guard()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF OLD.event_id IS DISTINCT FROM NEW.event_id
       AND EXISTS (SELECT 1 FROM public.registrations r WHERE r.ticket_tier_id = OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'a ticket tier that has registrations keeps its event',
            DETAIL = pg_catalog.format('Tier %s has registrations for event %s; moving it to event %s would leave them on another event than their tier.',
                                       OLD.id, OLD.event_id, NEW.event_id),
            HINT = 'Create a tier on the other event; tickets move by cancel_registration and reserve_tickets.';
    END IF;
    IF OLD.event_id IS DISTINCT FROM NEW.event_id
       AND EXISTS (SELECT 1 FROM fashionos.waitlist_entries w WHERE w.ticket_tier_id = OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'a ticket tier that has a waitlist keeps its event',
            DETAIL = pg_catalog.format('Tier %s has waitlist entries for event %s; moving it to event %s would offer them tickets of another event than the one they joined for.',
                                       OLD.id, OLD.event_id, NEW.event_id),
            HINT = 'Create a tier on the other event.';
    END IF;
    -- comp and press tickets are issued by the organizers, never sold nor offered to a queue: a
    -- waiter would claim a free invitation (or pay for one, at the tier's price)
    IF NEW.type IN ('comp', 'press') AND OLD.type IS DISTINCT FROM NEW.type
       AND EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                    WHERE w.ticket_tier_id = OLD.id AND w.status IN ('waiting', 'offered')) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'a ticket tier with a waitlist is not made comp or press',
            DETAIL = pg_catalog.format('Tier %s has waiting entries or open offers; as a %s tier it would offer them tickets the organizers issue.',
                                       OLD.id, NEW.type),
            HINT = 'Create a comp or press tier of its own; or let the waitlist go first (leave_waitlist of each entry, by entry id).';
    END IF;
    IF NEW.quantity_total < NEW.quantity_sold THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'quantity_total cannot go below quantity_sold',
            DETAIL = pg_catalog.format('Tier %s has %s ticket(s) sold or held; quantity_total would be %s.',
                                       NEW.id, NEW.quantity_sold, NEW.quantity_total),
            HINT = pg_catalog.format('Set quantity_total to %s or more (close_ticket_tier stops its sales for good); cancel tickets with cancel_registration first to go lower.',
                                     NEW.quantity_sold);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.ticket_tier_guard() IS
    'Trigger: a ticket tier that has registrations or waitlist entries keeps its event_id, one with a live waitlist is not made comp or press, and quantity_total does not go below quantity_sold (PT409, for every writer).';
CREATE TRIGGER ticket_tiers_guard BEFORE UPDATE OF event_id, quantity_total, type ON public.ticket_tiers
    FOR EACH ROW WHEN (OLD.event_id IS DISTINCT FROM NEW.event_id OR NEW.quantity_total < NEW.quantity_sold
                       OR (NEW.type IN ('comp', 'press') AND OLD.type IS DISTINCT FROM NEW.type))
    EXECUTE FUNCTION fashionos.ticket_tier_guard();
COMMENT ON TRIGGER ticket_tiers_guard ON public.ticket_tiers IS
    'A tier with registrations or waitlist entries keeps its event; one with a live waitlist is not made comp or press; quantity_total stays >= quantity_sold (PT409 with the numbers).';

-- An attendee's name and e-mail, corrected directly, are held to reserve_tickets' rules: the
-- e-mail trimmed, lower-cased and plausible (one @, a dot in the domain, no spaces, at most 320
-- bytes), the name trimmed, in NFC form, 1 to 200 characters, printable (fashionos.clean_name,
-- fashionos.attendee_name_problem).
-- A used or cancelled ticket keeps its attendee: it is the record of who came in, or of the sale
-- (check_in, cancel_registration, refund_payment and reissue_ticket hold it too). Only the
-- extension's own functions change it (erase_person pseudonymises; transfer_ticket gives a live
-- ticket to someone else).
CREATE FUNCTION fashionos.registration_attendee()
    RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF OLD.status IN ('attended', 'cancelled')
       AND NOT pg_catalog.pg_has_role(CURRENT_USER, (SELECT e.extowner FROM pg_catalog.pg_extension e WHERE e.extname = 'fashionos'), 'USAGE') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = CASE OLD.status WHEN 'attended' THEN 'a used ticket keeps its attendee' ELSE 'a cancelled ticket keeps its attendee' END,
            DETAIL = pg_catalog.format('Registration %s is %s: its name and address are the record of %s.', OLD.id, OLD.status,
                                       CASE OLD.status WHEN 'attended' THEN 'who came in' ELSE 'the sale' END),
            HINT = CASE OLD.status WHEN 'attended' THEN 'If the scan was a mistake, undo it first (undo_check_in), then correct the name.'
                        ELSE 'Reserve a ticket for the other attendee (reserve_tickets); erase_person removes a person''s data.' END;
    END IF;
    NEW.attendee_email := fashionos.buyer_key(NEW.attendee_email);
    NEW.attendee_name := fashionos.clean_name(NEW.attendee_name);
    IF NOT fashionos.email_is_plausible(NEW.attendee_email) THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'attendee_email is not an e-mail address',
            DETAIL = pg_catalog.format('Got %s.', fashionos.shown(NEW.attendee_email)),
            HINT = 'Write the attendee''s address, e.g. ana@example.com.';
    END IF;
    IF fashionos.attendee_name_problem(NEW.attendee_name) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'attendee_name ' || fashionos.attendee_name_problem(NEW.attendee_name),
            DETAIL = fashionos.attendee_name_rule(),
            HINT = 'Write the name printed on the ticket.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.registration_attendee() IS
    'Trigger: a used or cancelled ticket keeps its attendee (PT409, but for the extension''s functions); a corrected attendee e-mail is trimmed, lower-cased and must be plausible, a corrected name trimmed, in NFC form, 1 to 200 characters and printable (22023), as reserve_tickets requires.';
CREATE TRIGGER registrations_attendee BEFORE UPDATE OF attendee_email, attendee_name ON public.registrations
    FOR EACH ROW WHEN (OLD.attendee_email IS DISTINCT FROM NEW.attendee_email
                       OR OLD.attendee_name IS DISTINCT FROM NEW.attendee_name)
    EXECUTE FUNCTION fashionos.registration_attendee();
COMMENT ON TRIGGER registrations_attendee ON public.registrations IS
    'Attendee name and e-mail corrections follow reserve_tickets'' rules (trimmed, lower-cased e-mail; 22023 when implausible).';

-- ---------------------------------------------------------------------------------------------
-- An event keeps its sales
-- ---------------------------------------------------------------------------------------------
-- Deleting an event deletes its tiers, registrations and payments (the spec's cascades), which
-- the tier guard above refuses for a single tier. An event with live tickets, or with payments
-- that moved money (completed, refunded), is not deleted, by any writer (also through the
-- cascade of its organization's deletion): it is cancelled instead, and its records stay. An
-- event whose tickets were all cancelled unpaid, or that sold none, is deleted as before.
CREATE FUNCTION fashionos.event_keeps_sales() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_live bigint;
    v_paid bigint;
BEGIN
    SELECT pg_catalog.count(*) FILTER (WHERE r.status <> 'cancelled'),
           (SELECT pg_catalog.count(*) FROM public.payments p JOIN public.registrations x ON x.id = p.registration_id
             WHERE x.event_id = OLD.id AND p.status IN ('completed', 'refunded'))
      INTO v_live, v_paid
      FROM public.registrations r WHERE r.event_id = OLD.id;
    IF v_live > 0 OR v_paid > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'an event with tickets or payments is not deleted',
            DETAIL = pg_catalog.format('Event %s has %s live ticket(s) and %s completed or refunded payment(s): deleting it would delete them, the record of its sales.',
                                       OLD.id, v_live, v_paid),
            HINT = CASE WHEN v_live = 0 AND OLD.status = 'cancelled'
                        THEN 'The event is cancelled and keeps its payments as the record of its sales: it stays, and so does its organization (docs/security.md, "People coming and going").'
                        WHEN v_live = 0
                        THEN 'Cancel the event instead (status cancelled): its payments keep it, and its organization, as the record of its sales.'
                        ELSE 'Cancel the event instead (status cancelled: its tickets stop admitting and no payment completes); refund its paid tickets with refund_payment or the provider.' END;
    END IF;
    RETURN OLD;
END
$$;
COMMENT ON FUNCTION fashionos.event_keeps_sales() IS
    'Trigger of public.events: an event with live tickets or completed or refunded payments is not deleted (PT409), by any writer; cancel it instead.';
CREATE TRIGGER events_keep_sales BEFORE DELETE ON public.events
    FOR EACH ROW EXECUTE FUNCTION fashionos.event_keeps_sales();
COMMENT ON TRIGGER events_keep_sales ON public.events IS
    'An event with live tickets or money records is not deleted (PT409): cancel it instead (fashionos.event_keeps_sales).';
