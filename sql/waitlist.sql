-- waitlist.sql: the waitlist of a sold-out ticket tier (docs/api.md, "Waitlist").
--
-- A buyer (anon with an e-mail, or signed in) joins the waitlist of a tier that is sold out and gets
-- a secret claim token (stored hashed). One entry waits for one ticket. When a live registration of
-- the tier is cancelled by any door (hold expiry, cancel_registration, fail_payment, refund_payment),
-- the trigger below turns the freed ticket into an offer for the first waiting entry: a pending
-- registration in the waiter's name that holds the ticket until the offer's deadline, with a
-- pending payment when the tier has a price. The offer IS a hold: quantity_sold counts it (the
-- trigger adds back the ticket the release just subtracted, in the same transaction, under the
-- tier's row lock the release already holds), so a walk-in buyer finds the tier sold out while the
-- offer stands, and quantity_sold = live registrations at rest. Only the token holder (or the
-- signed-in user of the entry) claims the offer: the hold then runs for the event's hold time and
-- the buyer pays through the ordinary payment webhook (a free tier is confirmed at claim). An offer
-- not claimed (or claimed and not paid) by its deadline expires as every hold does, and the same
-- trigger passes the ticket on to the next entry. With nobody waiting the ticket goes back on sale.
-- Raising quantity_total offers the new tickets to the queue first.
--
-- Lock order, as in ticketing (src/ticketing.rs): hold row, registration, payment, tier, then
-- waitlist entries. The offer writers hold the tier's row lock, so they take turns per tier.

CREATE SEQUENCE fashionos.waitlist_seq;
CREATE TABLE fashionos.waitlist_entries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    seq bigint NOT NULL DEFAULT nextval('fashionos.waitlist_seq'),
    ticket_tier_id uuid NOT NULL REFERENCES public.ticket_tiers(id) ON DELETE CASCADE,
    event_id uuid NOT NULL REFERENCES public.events(id) ON DELETE CASCADE,
    user_id uuid REFERENCES public.users(id) ON DELETE SET NULL,
    -- the waiter's address and name, kept while the entry waits, is offered or claimed; NULL once it
    -- left or lapsed (trigger waitlist_entries_minimise below; the offer's registration, if any,
    -- keeps its own copy)
    attendee_email text,
    attendee_name text CHECK (length(attendee_name) BETWEEN 1 AND 200),
    token_hash bytea NOT NULL CHECK (octet_length(token_hash) = 32),
    status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'claimed', 'lapsed', 'left')),
    joined_at timestamptz NOT NULL DEFAULT now(),
    registration_id uuid REFERENCES public.registrations(id) ON DELETE SET NULL,
    offered_at timestamptz,
    decided_at timestamptz,
    noticed_at timestamptz,
    CONSTRAINT waitlist_entries_seq_key UNIQUE (seq),
    CONSTRAINT waitlist_entries_contact_while_live CHECK (
        CASE WHEN status IN ('left', 'lapsed') THEN attendee_email IS NULL AND attendee_name IS NULL
             ELSE attendee_email IS NOT NULL AND attendee_name IS NOT NULL END),
    CONSTRAINT waitlist_entries_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX idx_waitlist_entries_tier_waiting ON fashionos.waitlist_entries (ticket_tier_id, seq)
    WHERE status = 'waiting';
CREATE INDEX idx_waitlist_entries_ticket_tier_id ON fashionos.waitlist_entries (ticket_tier_id);
CREATE INDEX idx_waitlist_entries_event_email ON fashionos.waitlist_entries (event_id, attendee_email);
CREATE INDEX idx_waitlist_entries_user_id ON fashionos.waitlist_entries (user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX idx_waitlist_entries_registration_id ON fashionos.waitlist_entries (registration_id)
    WHERE registration_id IS NOT NULL;
CREATE INDEX idx_waitlist_entries_offers_to_notice ON fashionos.waitlist_entries (offered_at, seq)
    WHERE status = 'offered' AND noticed_at IS NULL;
ALTER SEQUENCE fashionos.waitlist_seq OWNED BY fashionos.waitlist_entries.seq;

-- Minimisation (docs/security.md, "Personal data"): an entry that left the queue or whose offer
-- lapsed no longer needs the waiter's address and name. Nothing reads them any more: only waiting
-- entries count against the limits per buyer, only open offers are handed to the mailer, and an
-- offer that was claimed or paid is a registration that keeps its own copy (a paid offer that is
-- refunded later lapses, and its registration still names the buyer). Whoever moves the entry
-- (leave_waitlist, an organizer removing it, a release of the offer's hold, a direct write of the
-- extension's owner), the trigger forgets them in the same row write; the CHECK
-- waitlist_entries_contact_while_live holds every writer to it. The entry keeps its user_id (the
-- signed-in waiter still sees it in my_waitlist) until his account is deleted.
CREATE FUNCTION fashionos.waitlist_minimise() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    NEW.attendee_email := NULL;
    NEW.attendee_name := NULL;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_minimise() IS
    'Trigger of fashionos.waitlist_entries: an entry that is left or lapsed keeps no address and no name.';
CREATE TRIGGER waitlist_entries_minimise BEFORE INSERT OR UPDATE ON fashionos.waitlist_entries
    FOR EACH ROW WHEN (NEW.status IN ('left', 'lapsed') AND (NEW.attendee_email IS NOT NULL OR NEW.attendee_name IS NOT NULL))
    EXECUTE FUNCTION fashionos.waitlist_minimise();
COMMENT ON TRIGGER waitlist_entries_minimise ON fashionos.waitlist_entries IS
    'A left or lapsed entry forgets the waiter''s address and name (fashionos.waitlist_minimise).';

-- The hash under which a claim token is stored. PL/pgSQL: every join, claim, status and leave
-- asks it inside a statement (docs/architecture.md, "Helpers that statements call are PL/pgSQL").
CREATE FUNCTION fashionos.waitlist_token_hash(p_token text) RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN pg_catalog.sha256(pg_catalog.convert_to(p_token, 'UTF8'));
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_token_hash(text) IS 'SHA-256 of a waitlist claim token, as fashionos.waitlist_entries.token_hash stores it.';

-- An entry as the API returns it: its status and position as of now. An offer past its deadline
-- that no release has processed yet reads as lapsed already, and so does a claimed offer whose
-- ticket was not paid in time: its hold ran out (released or not yet), or its registration was
-- cancelled without ever being paid. A claimed entry reads as claimed while its payment is awaited
-- (offer_expires_at: the deadline) and once it is paid; so does an open offer whose ticket the
-- organizers marked paid.
-- p_position: the entry's position when the caller counted it (a list of the whole queue numbers
-- it in one pass); null: counted here.
CREATE FUNCTION fashionos.waitlist_entry_row(p_entry fashionos.waitlist_entries, p_claim_token text DEFAULT NULL,
                                             p_position integer DEFAULT NULL)
    RETURNS public.waitlist_entry
    LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT ROW(p_entry.id, p_entry.ticket_tier_id, p_entry.event_id, p_entry.attendee_email, p_entry.attendee_name,
               CASE WHEN p_entry.status IN ('offered', 'claimed') AND h.expires_at IS NOT NULL AND h.expires_at <= pg_catalog.now()
                    THEN 'lapsed'
                    -- a claimed ticket cancelled while its payment was awaited (a free one is
                    -- the waiter's from the claim, and stays claimed when cancelled later)
                    WHEN p_entry.status = 'claimed' AND r.status = 'cancelled'
                     AND EXISTS (SELECT 1 FROM public.payments p WHERE p.registration_id = r.id)
                     AND NOT EXISTS (SELECT 1 FROM public.payments p
                                      WHERE p.registration_id = r.id AND p.status IN ('completed', 'refunded'))
                    THEN 'lapsed'
                    -- an open offer the organizers marked paid is the waiter's ticket
                    WHEN p_entry.status = 'offered' AND r.status IN ('confirmed', 'attended')
                    THEN 'claimed'
                    ELSE p_entry.status END,
               CASE WHEN p_entry.status = 'waiting' THEN coalesce(p_position, 1 + (
                   SELECT pg_catalog.count(*)::integer FROM fashionos.waitlist_entries x
                    WHERE x.ticket_tier_id = p_entry.ticket_tier_id AND x.status = 'waiting' AND x.seq < p_entry.seq)) END,
               p_entry.registration_id, h.expires_at, p_entry.joined_at, p_claim_token)::public.waitlist_entry
      FROM (SELECT 1) AS one
      LEFT JOIN fashionos.registration_holds h
        ON h.registration_id = p_entry.registration_id AND p_entry.status IN ('offered', 'claimed')
      LEFT JOIN public.registrations r
        ON r.id = p_entry.registration_id AND p_entry.status IN ('offered', 'claimed')
$$;
COMMENT ON FUNCTION fashionos.waitlist_entry_row(fashionos.waitlist_entries, text, integer) IS
    'A waitlist entry as public.waitlist_entry: its status, its position among the waiting entries of its tier (1 = next), the offer''s registration and deadline.';

-- Offers up to p_tickets tickets of a tier to its first waiting entries, each taking one ticket
-- back onto quantity_sold (only while quantity_sold < quantity_total). Called with the tier's row
-- locked by the caller's transaction (a release or a change of quantity_total), so offer writers of
-- one tier take turns. Returns how many offers it made.
CREATE FUNCTION fashionos.waitlist_offer(p_ticket_tier_id uuid, p_tickets integer)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_made integer := 0;
    v_tier record;
    v_entry fashionos.waitlist_entries;
    v_registration uuid;
    v_passed uuid[] := '{}';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                    WHERE w.ticket_tier_id = p_ticket_tier_id AND w.status = 'waiting')
       -- a closed tier sells to nobody, its waiters included (reopen_ticket_tier offers again)
       OR EXISTS (SELECT 1 FROM fashionos.closed_tiers k WHERE k.ticket_tier_id = p_ticket_tier_id) THEN
        RETURN 0;
    END IF;
    SELECT t.event_id, t.price, s.waitlist_offer_minutes INTO v_tier
      FROM public.ticket_tiers t CROSS JOIN LATERAL fashionos.settings_for(t.event_id) s
     WHERE t.id = p_ticket_tier_id;
    IF NOT FOUND OR NOT fashionos.event_on_sale(v_tier.event_id) THEN
        RETURN 0;
    END IF;
    WHILE v_made < p_tickets LOOP
        SELECT * INTO v_entry FROM fashionos.waitlist_entries w
         WHERE w.ticket_tier_id = p_ticket_tier_id AND w.status = 'waiting' AND w.id <> ALL (v_passed)
         ORDER BY w.seq LIMIT 1;
        EXIT WHEN NOT FOUND;
        -- A signed-in waiter's users row is locked before his entry (the offer's registration names
        -- him), and not waited for: only a deletion of his account holds it in a mode that keeps
        -- KEY SHARE out, and that deletion locks the row, then his tickets and entries. The
        -- caller may hold one of those tickets (a cancellation of his own ticket gives it to the
        -- queue), so waiting could deadlock: a waiter whose account is being deleted is passed
        -- over for this ticket (his entries go with the account; should the deletion roll back,
        -- he keeps his place for the next one), as one already deleted is.
        IF v_entry.user_id IS NOT NULL THEN
            PERFORM 1 FROM public.users u WHERE u.id = v_entry.user_id FOR KEY SHARE SKIP LOCKED;
            IF NOT FOUND THEN
                v_passed := v_passed || v_entry.id;
                CONTINUE;
            END IF;
        END IF;
        -- Lock it and look again: a leave_waitlist may have run meanwhile (each statement sees
        -- what committed before it; the loop then takes the next entry).
        SELECT * INTO v_entry FROM fashionos.waitlist_entries w
         WHERE w.id = v_entry.id AND w.status = 'waiting' FOR UPDATE;
        CONTINUE WHEN NOT FOUND;
        UPDATE public.ticket_tiers t SET quantity_sold = t.quantity_sold + 1
         WHERE t.id = p_ticket_tier_id AND t.quantity_sold < t.quantity_total;
        EXIT WHEN NOT FOUND;
        v_registration := pg_catalog.gen_random_uuid();
        INSERT INTO public.registrations (id, event_id, ticket_tier_id, user_id, attendee_email, attendee_name,
                                          status, qr_code_data)
        VALUES (v_registration, v_tier.event_id, p_ticket_tier_id, v_entry.user_id, v_entry.attendee_email,
                v_entry.attendee_name, 'pending', fashionos.issue_ticket_token(v_registration, v_tier.event_id));
        IF v_tier.price > 0 THEN
            INSERT INTO public.payments (registration_id, payer_id, amount, status)
            VALUES (v_registration, v_entry.user_id, v_tier.price, 'pending');
        END IF;
        INSERT INTO fashionos.registration_holds (registration_id, ticket_tier_id, expires_at)
        VALUES (v_registration, p_ticket_tier_id, pg_catalog.now() + pg_catalog.make_interval(mins => v_tier.waitlist_offer_minutes));
        UPDATE fashionos.waitlist_entries w
           SET status = 'offered', registration_id = v_registration, offered_at = pg_catalog.now()
         WHERE w.id = v_entry.id;
        v_made := v_made + 1;
    END LOOP;
    -- wakes the listeners of the channel (a mailer) at commit; the payload is the tier, no
    -- personal data: take_waitlist_offers hands out the notices
    IF v_made > 0 THEN
        PERFORM pg_catalog.pg_notify('fashionos_waitlist_offers', p_ticket_tier_id::text);
    END IF;
    RETURN v_made;
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_offer(uuid, integer) IS
    'Offers up to p_tickets tickets of a tier to its first waiting entries (a pending registration, a pending payment for a priced tier, a hold until the offer''s deadline; quantity_sold + 1 each, never past quantity_total). Called with the tier''s row locked. Returns the number of offers made.';

-- registrations, AFTER UPDATE OF status, for a live registration that became cancelled (every
-- door that gives a ticket back: expiry, cancel_registration, fail_payment, refund_payment): the
-- offer it was, if any, lapses, and the freed ticket goes to the next waiting entry. The release
-- subtracted it from quantity_sold in the same statement, with the tier's row locked.
CREATE FUNCTION fashionos.waitlist_pass_ticket()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- An open offer whose ticket the organizers had marked paid was the waiter's ticket (it read
    -- as claimed): refunded or cancelled now, it stays claimed, as a claimed one does. Otherwise
    -- the offer ended unclaimed.
    UPDATE fashionos.waitlist_entries w
       SET status = CASE WHEN OLD.status = 'confirmed' THEN 'claimed' ELSE 'lapsed' END, decided_at = pg_catalog.now()
     WHERE w.registration_id = NEW.id AND w.status = 'offered';
    PERFORM fashionos.waitlist_offer(NEW.ticket_tier_id, 1);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_pass_ticket() IS
    'Trigger: a live registration was cancelled; the waitlist offer it was (if any) lapses and its ticket is offered to the next waiting entry of the tier (fashionos.waitlist_offer).';
CREATE TRIGGER registrations_waitlist AFTER UPDATE OF status ON public.registrations
    FOR EACH ROW WHEN (OLD.status IN ('pending', 'confirmed') AND NEW.status = 'cancelled')
    EXECUTE FUNCTION fashionos.waitlist_pass_ticket();
COMMENT ON TRIGGER registrations_waitlist ON public.registrations IS
    'A ticket given back goes to the tier''s waitlist first (fashionos.waitlist_pass_ticket).';

-- ticket_tiers, AFTER UPDATE OF quantity_total that raises it: the new tickets go to the queue
-- first, before any walk-in buyer sees them.
CREATE FUNCTION fashionos.waitlist_capacity_raised()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM fashionos.waitlist_offer(NEW.id, NEW.quantity_total - NEW.quantity_sold);
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_capacity_raised() IS
    'Trigger: quantity_total of a tier went up; the tickets it adds are offered to the tier''s waiting entries first.';
CREATE TRIGGER ticket_tiers_waitlist AFTER UPDATE OF quantity_total ON public.ticket_tiers
    FOR EACH ROW WHEN (NEW.quantity_total > OLD.quantity_total AND NEW.quantity_sold < NEW.quantity_total)
    EXECUTE FUNCTION fashionos.waitlist_capacity_raised();
COMMENT ON TRIGGER ticket_tiers_waitlist ON public.ticket_tiers IS
    'Tickets added by raising quantity_total are offered to the waitlist first (fashionos.waitlist_capacity_raised).';

-- events, AFTER UPDATE of status or dates that puts the event (back) on sale: tickets given back
-- or added while it was off sale were not offered then (fashionos.waitlist_offer offers only on
-- sale); they go to the queue now, before any walk-in buyer sees them. The tiers are locked in id
-- order, as an offer writer needs.
CREATE FUNCTION fashionos.waitlist_back_on_sale()
    RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_tier record;
BEGIN
    IF NOT fashionos.event_on_sale(NEW.id) THEN
        RETURN NULL;
    END IF;
    FOR v_tier IN SELECT t.id, t.quantity_total - t.quantity_sold AS free
                    FROM public.ticket_tiers t
                   WHERE t.event_id = NEW.id AND t.quantity_sold < t.quantity_total
                     AND EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                                  WHERE w.ticket_tier_id = t.id AND w.status = 'waiting')
                   ORDER BY t.id
                     FOR NO KEY UPDATE OF t LOOP
        PERFORM fashionos.waitlist_offer(v_tier.id, v_tier.free);
    END LOOP;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_back_on_sale() IS
    'Trigger: an event came (back) on sale; the tickets of its tiers that are free while entries wait are offered to those entries first.';
CREATE TRIGGER events_waitlist AFTER UPDATE OF status, start_date, end_date ON public.events
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.start_date IS DISTINCT FROM NEW.start_date
                       OR OLD.end_date IS DISTINCT FROM NEW.end_date)
    EXECUTE FUNCTION fashionos.waitlist_back_on_sale();
COMMENT ON TRIGGER events_waitlist ON public.events IS
    'Tickets freed while the event was off sale go to the waitlist first when it is back on sale (fashionos.waitlist_back_on_sale).';

-- The lazy step: releases the tier's expired holds (offers past their deadline among them), so
-- the tickets move on to the next entries now rather than at the next sweep. Through the one
-- release path of ticketing (fashionos.release_tier_holds, which asks nothing of the caller: an
-- anonymous waiter with his token settles a tier he no longer sees, its event off sale).
CREATE FUNCTION fashionos.waitlist_settle(p_ticket_tier_id uuid) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM fashionos.registration_holds h
                WHERE h.ticket_tier_id = p_ticket_tier_id AND h.expires_at <= pg_catalog.now()) THEN
        PERFORM fashionos.release_tier_holds(p_ticket_tier_id);
    END IF;
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_settle(uuid) IS
    'Releases the expired holds of a tier, if any (fashionos.release_tier_holds): lapsed offers pass on to the next waiting entries.';

-- The hold row of the offer of entry p_entry_id, if it has one, locked: first, in the order of
-- docs/architecture.md (hold, registration, payment, tier), which a cancellation, a refund or a
-- failed payment of the offer's ticket keeps too. A release takes the tier's row and then only the
-- holds nobody has (SKIP LOCKED), and a buyer who must wait for a hold in flight lets go of the
-- tier's row first (fashionos.release_before_sold_out): nobody waits for this hold with the tier's
-- row held.
CREATE FUNCTION fashionos.lock_offer_hold(p_entry_id uuid) RETURNS void
    LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
    SELECT 1 FROM fashionos.registration_holds h
     WHERE h.registration_id = (SELECT w.registration_id FROM fashionos.waitlist_entries w WHERE w.id = p_entry_id)
       FOR UPDATE OF h
$$;
COMMENT ON FUNCTION fashionos.lock_offer_hold(uuid) IS
    'Locks the hold row of a waitlist entry''s offer, if any (the first lock of every change of its ticket).';

-- The entry p_entry_id locked, as it is now, with the hold row of its offer: that row first, then
-- the entry. An offer made to the entry while it was awaited (by a release that had not committed
-- when the hold was looked for) has a hold this transaction has not locked: it is taken now if
-- nobody has it, without waiting (waiting for a hold with the entry held would reverse the order).
-- If another transaction has it (a second claim of the offer, its payment failing), raises FXW02:
-- the caller rolls back to before the entry (a block with an EXCEPTION clause), waits for the hold
-- with fashionos.lock_offer_hold, and asks again.
CREATE FUNCTION fashionos.locked_waitlist_entry(p_entry_id uuid) RETURNS fashionos.waitlist_entries
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v fashionos.waitlist_entries;
BEGIN
    PERFORM fashionos.lock_offer_hold(p_entry_id);
    SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = p_entry_id FOR UPDATE;
    IF v.registration_id IS NOT NULL THEN
        PERFORM 1 FROM fashionos.registration_holds h WHERE h.registration_id = v.registration_id
            FOR UPDATE SKIP LOCKED;
        IF NOT FOUND AND EXISTS (SELECT 1 FROM fashionos.registration_holds h WHERE h.registration_id = v.registration_id) THEN
            RAISE EXCEPTION USING ERRCODE = 'FXW02', MESSAGE = 'the offer''s hold is in use',
                DETAIL = pg_catalog.format('Another transaction has the hold of the offer to waitlist entry %s.', p_entry_id);
        END IF;
    END IF;
    RETURN v;
END
$$;
COMMENT ON FUNCTION fashionos.locked_waitlist_entry(uuid) IS
    'Locks a waitlist entry after the hold row of its offer (the order of every release) and returns it as it is now; FXW02 when an offer made meanwhile has a hold another transaction has (the caller waits for it and asks again).';

-- The entries p_entry_ids locked, each with the hold row of its offer (fashionos.locked_waitlist_entry),
-- in the order given: the holds first, then the entries. An offer made meanwhile whose hold another
-- transaction has (FXW02) lets go of every entry (a block with an EXCEPTION clause), waits for the
-- holds, and asks again. For a leave and an erasure, which lock before they change; a claim, which
-- settles the tier between the hold and the entry, has the same loop of its own.
CREATE FUNCTION fashionos.lock_waitlist_entries(p_entry_ids uuid[]) RETURNS void
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    LOOP
        PERFORM fashionos.lock_offer_hold(x) FROM pg_catalog.unnest(p_entry_ids) WITH ORDINALITY AS u (x, n) ORDER BY n;
        BEGIN
            PERFORM fashionos.locked_waitlist_entry(x) FROM pg_catalog.unnest(p_entry_ids) WITH ORDINALITY AS u (x, n) ORDER BY n;
            RETURN;
        EXCEPTION WHEN SQLSTATE 'FXW02' THEN
            NULL;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION fashionos.lock_waitlist_entries(uuid[]) IS
    'Locks waitlist entries, each after the hold row of its offer, waiting for an offer''s hold that another transaction has (FXW02) with every entry let go.';

-- The entry a claim token or an entry id names. A token names its entry for whoever holds it; an
-- entry id names an entry of the signed-in caller (p_staff: or of an event the caller runs).
-- PT404 for anything else, as for no such entry.
CREATE FUNCTION fashionos.waitlist_entry_of(p_token text, p_entry_id uuid, p_staff boolean)
    RETURNS fashionos.waitlist_entries
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v fashionos.waitlist_entries;
BEGIN
    IF (p_token IS NULL) = (p_entry_id IS NULL) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'pass p_token or p_entry_id',
            DETAIL = 'Exactly one of p_token and p_entry_id names a waitlist entry.',
            HINT = 'Pass the claim_token join_waitlist returned, or (signed in) the entry_id.';
    END IF;
    IF p_token IS NOT NULL THEN
        SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.token_hash = fashionos.waitlist_token_hash(p_token);
    ELSE
        SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = p_entry_id;
        IF FOUND AND NOT coalesce(v.user_id = auth.uid(), false)
           AND NOT (p_staff AND coalesce(fashionos.caller_runs_event(v.event_id), false)) THEN
            v := NULL;
        END IF;
    END IF;
    IF v.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'waitlist entry not found',
            DETAIL = CASE WHEN p_token IS NOT NULL THEN 'No waitlist entry has this claim token.'
                          ELSE pg_catalog.format('No waitlist entry with id %s is the caller''s.', p_entry_id) END,
            HINT = 'Pass the claim_token join_waitlist returned; an entry id works for the signed-in user who joined.';
    END IF;
    RETURN v;
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_entry_of(text, uuid, boolean) IS
    'The waitlist entry named by a claim token, or by an entry id of the signed-in caller (p_staff: or of an event the caller runs); 22023 for neither or both, PT404 otherwise.';

-- ---------------------------------------------------------------------------------------------
-- The API's implementations (SECURITY DEFINER: they read and write the private table and the
-- ticketing tables after checking the caller). Wrappers: sql/api/waitlist.sql.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION fashionos.join_waitlist(p_ticket_tier_id uuid, p_attendee_email text, p_attendee_name text)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_email text := fashionos.buyer_key(p_attendee_email);
    v_name text := fashionos.clean_name(p_attendee_name);
    v_tier record;
    v_user uuid;
    v_counts integer[];
    v_waiting integer;
    v_waiting_event integer;
    v_limit record;
    v_token text;
    v fashionos.waitlist_entries;
BEGIN
    IF p_ticket_tier_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_ticket_tier_id is required',
            DETAIL = 'p_ticket_tier_id was null.', HINT = 'Pass the id of the sold-out tier.';
    END IF;
    IF v_email IS NULL OR NOT fashionos.email_is_plausible(v_email) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_attendee_email is not an e-mail address',
            DETAIL = pg_catalog.format('Got %s.', fashionos.shown(p_attendee_email)),
            HINT = 'Pass the attendee''s address, e.g. ana@example.com.';
    END IF;
    IF v_name IS NULL OR fashionos.attendee_name_problem(v_name) IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'p_attendee_name ' || coalesce(fashionos.attendee_name_problem(v_name), 'is empty or too long'),
            DETAIL = fashionos.attendee_name_rule(),
            HINT = 'Pass the name printed on the ticket.';
    END IF;
    SELECT t.event_id, t.name, t.type INTO v_tier
      FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT404', MESSAGE = 'ticket tier not found',
            DETAIL = pg_catalog.format('No ticket tier with id %s.', p_ticket_tier_id), HINT = 'Check the id.';
    END IF;
    -- Whether the event sells before the tier's type: fashionos.not_on_sale_detail names the tier
    -- and its event's status only to the members of its organization (the others cannot read them).
    IF NOT fashionos.event_on_sale(v_tier.event_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'event is not on sale',
            DETAIL = fashionos.not_on_sale_detail(v_tier.event_id, v_tier.name),
            HINT = 'Pick an event that is on sale.';
    END IF;
    IF v_tier.type IN ('comp', 'press') THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = pg_catalog.format('%s tickets are issued by the event''s organizers', v_tier.type),
            DETAIL = pg_catalog.format('Tier "%s" is of type %s; it has no waitlist.', v_tier.name, v_tier.type),
            HINT = 'Join the waitlist of a paid or vip tier, or ask the organizers for an invitation.';
    END IF;
    IF EXISTS (SELECT 1 FROM fashionos.closed_tiers k WHERE k.ticket_tier_id = p_ticket_tier_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'tier is closed',
            DETAIL = pg_catalog.format('The organizers closed the sale of tier "%s"; it takes no waitlist.', v_tier.name),
            HINT = 'Buy or wait for another tier of the event (ticket_tier_sales lists them).';
    END IF;
    -- the caller's account locked FOR KEY SHARE, as the entry's foreign key takes it: one deleted
    -- meanwhile is waited for, and the entry is then anonymous, never a bare 23503 at the INSERT
    SELECT u.id INTO v_user FROM public.users u WHERE u.id = auth.uid() FOR KEY SHARE;

    -- The buyer's lock of reserve_tickets (limits per buyer): one buyer's reservations and joins
    -- for an event take turns, and the counts below see each other. Then the tier's expired holds
    -- (they may free a ticket), then the tier's row, shared: a release of a ticket (which updates
    -- the row) waits for this join to commit and then offers the ticket to it, or this join waits
    -- for the release and sees the ticket on sale.
    PERFORM pg_catalog.pg_advisory_xact_lock(fashionos.buyer_lock_key(v_tier.event_id, v_email));
    PERFORM fashionos.waitlist_settle(p_ticket_tier_id);
    PERFORM 1 FROM public.ticket_tiers t
     WHERE t.id = p_ticket_tier_id AND t.quantity_sold >= t.quantity_total FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'tier is not sold out',
            DETAIL = (SELECT pg_catalog.format('Tier "%s" has %s ticket(s) left; the waitlist is for a sold-out tier.',
                                               t.name, t.quantity_total - t.quantity_sold)
                        FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id),
            HINT = 'Buy a ticket with reserve_tickets.';
    END IF;
    -- A tier without tickets yet (quantity_total 0, how organizers prepare a tier before its sale)
    -- is not sold out: its waitlist would take the first tickets before the sale opens.
    IF (SELECT t.quantity_total FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'tier is not on sale yet',
            DETAIL = (SELECT pg_catalog.format('Tier "%s" has no tickets yet (quantity_total 0): its sale has not opened.', t.name)
                        FROM public.ticket_tiers t WHERE t.id = p_ticket_tier_id),
            HINT = 'Come back when its sale opens: the organizers raise quantity_total then.';
    END IF;

    -- One entry waits for one ticket, and an offer becomes an unpaid ticket on hold: a buyer's
    -- waiting entries and live tickets together stay within each of the event's limits per buyer
    -- (fashionos.event_settings): of the tier (buyer_max_tickets_per_tier), of the event
    -- (buyer_max_tickets), and, with his unpaid tickets on hold, of holds (buyer_max_holds).
    v_counts := fashionos.buyer_live_tickets(v_tier.event_id, v_email, p_ticket_tier_id);
    -- Read through the buyer's index (event, address): a few rows. With the tier and the status in
    -- the condition, the partial index of the tier's waiting entries matches too, and on a table
    -- whose statistics predate its queue (EXPLAIN on a waitlist never analyzed) the planner chose
    -- it and read the whole queue for one buyer.
    SELECT (pg_catalog.count(*) FILTER (WHERE w.ticket_tier_id = p_ticket_tier_id AND w.status = 'waiting'))::integer,
           (pg_catalog.count(*) FILTER (WHERE w.status = 'waiting'))::integer
      INTO v_waiting, v_waiting_event FROM fashionos.waitlist_entries w
     WHERE w.event_id = v_tier.event_id AND w.attendee_email = v_email;
    SELECT l.kind, l.kinds, l.scope, l.what, l.live, l.waiting, l.max INTO v_limit
      FROM fashionos.settings_for(v_tier.event_id) s,
           LATERAL (VALUES (1, 'live ticket(s)', 'live tickets', pg_catalog.format('of tier "%s"', v_tier.name), 'per buyer and tier',
                            v_counts[2], v_waiting, s.buyer_max_tickets_per_tier),
                           (2, 'live ticket(s)', 'live tickets', 'of the event', 'per buyer', v_counts[1], v_waiting_event, s.buyer_max_tickets),
                           (3, 'unpaid ticket(s) on hold', 'unpaid tickets on hold', 'of the event', 'unpaid tickets on hold per buyer',
                            v_counts[3], v_waiting_event, s.buyer_max_holds))
               AS l(n, kind, kinds, scope, what, live, waiting, max)
     WHERE l.live + l.waiting + 1 > l.max
     ORDER BY l.n LIMIT 1;
    IF FOUND THEN
        -- The counts say whether an address holds tickets or waits: they are for the event's
        -- organizers, server-side code and the address's own signed-in user only. Anyone else (anon,
        -- another user) who types an address learns that it is at a limit, not what it holds.
        IF fashionos.caller_runs_event(v_tier.event_id)
           OR EXISTS (SELECT 1 FROM public.users u
                       WHERE u.id = v_user AND fashionos.buyer_key(u.email) = v_email) THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'limit per buyer reached',
                DETAIL = pg_catalog.format('The address has %s %s and %s waiting entr%s %s; the event allows %s %s.',
                                           v_limit.live, v_limit.kind, v_limit.waiting, CASE WHEN v_limit.waiting = 1 THEN 'y' ELSE 'ies' END,
                                           v_limit.scope, v_limit.max, v_limit.what),
                HINT = 'Each entry waits for one ticket; leave an entry (leave_waitlist) before joining again.';
        ELSE
            RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'limit per buyer reached',
                DETAIL = pg_catalog.format('This address''s %s and waiting entries %s together reach the event''s limit of %s %s.',
                                           v_limit.kinds, v_limit.scope, v_limit.max, v_limit.what),
                HINT = 'Each entry waits for one ticket: leave an entry (leave_waitlist, with its claim token) before joining again, or sign in as the address''s user to see what it holds (my_tickets, my_waitlist).';
        END IF;
    END IF;

    v_token := 'wl_' || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '')
                     || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '');
    INSERT INTO fashionos.waitlist_entries AS w (ticket_tier_id, event_id, user_id, attendee_email, attendee_name, token_hash)
    VALUES (p_ticket_tier_id, v_tier.event_id, v_user, v_email, v_name, fashionos.waitlist_token_hash(v_token))
    RETURNING w.* INTO v;
    RETURN NEXT fashionos.waitlist_entry_row(v, v_token);
END
$$;
COMMENT ON FUNCTION fashionos.join_waitlist(uuid, text, text) IS
    'Implementation of public.join_waitlist (SECURITY DEFINER: writes the private waitlist after checking the tier and the buyer''s limits).';

CREATE FUNCTION fashionos.waitlist_status(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v fashionos.waitlist_entries := fashionos.waitlist_entry_of(p_token, p_entry_id, true);
BEGIN
    PERFORM fashionos.waitlist_settle(v.ticket_tier_id);
    SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = v.id;
    RETURN NEXT fashionos.waitlist_entry_row(v);
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_status(text, uuid) IS
    'Implementation of public.waitlist_status (SECURITY DEFINER: reads the private waitlist; releases the tier''s expired holds first, so a lapsed offer passes on now).';

CREATE FUNCTION fashionos.claim_waitlist_offer(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.ticket_reservation
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v fashionos.waitlist_entries := fashionos.waitlist_entry_of(p_token, p_entry_id, false);
BEGIN
    -- Lock order: the offer's hold row first (as a cancellation of its ticket takes it: one in
    -- flight is waited for), then the tier's expired holds (an offer may reach this entry only
    -- now; an expired offer of its own is released here), then the entry. An offer made meanwhile
    -- whose hold another transaction has (FXW02, fashionos.locked_waitlist_entry): the settle and
    -- the entry are let go, that hold is waited for, and the claim starts again.
    -- A signed-in waiter's account first (FOR KEY SHARE, as the foreign key of the payment a claim
    -- may write takes it): a deletion of the account, which locks its row and then the offer's
    -- ticket, is waited for before the hold, not with it.
    IF v.user_id IS NOT NULL THEN
        PERFORM 1 FROM public.users u WHERE u.id = v.user_id FOR KEY SHARE;
    END IF;
    LOOP
        PERFORM fashionos.lock_offer_hold(v.id);
        BEGIN
            PERFORM fashionos.waitlist_settle(v.ticket_tier_id);
            v := fashionos.locked_waitlist_entry(v.id);
            RETURN QUERY SELECT * FROM fashionos.claim_locked_offer(v);
            RETURN;
        EXCEPTION WHEN SQLSTATE 'FXW02' THEN
            NULL;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION fashionos.claim_waitlist_offer(text, uuid) IS
    'Implementation of public.claim_waitlist_offer (SECURITY DEFINER: takes the offer''s registration for the token holder or the signed-in waiter).';

-- The rest of a claim (fashionos.claim_waitlist_offer), with the entry and its offer's hold locked.
CREATE FUNCTION fashionos.claim_locked_offer(v fashionos.waitlist_entries)
    RETURNS SETOF public.ticket_reservation
    LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_expires timestamptz;
    v_over boolean;
    v_paid boolean;
    v_price numeric;
BEGIN
    -- An open offer whose ticket was paid meanwhile (the organizers completed its payment): it is
    -- the waiter's, as if claimed (fashionos.waitlist_entry_row reads it so).
    IF v.status = 'offered' AND (fashionos.waitlist_entry_row(v)).status = 'claimed' THEN
        UPDATE fashionos.waitlist_entries w SET status = 'claimed', decided_at = pg_catalog.now() WHERE w.id = v.id;
        RETURN QUERY SELECT * FROM fashionos.reservation_rows(ARRAY[v.registration_id]);
        RETURN;
    END IF;
    SELECT h.expires_at INTO v_expires FROM fashionos.registration_holds h WHERE h.registration_id = v.registration_id;
    -- the offer is over: an open one once its hold ran out; a claimed one (whose hold ends when it
    -- is paid, or at once on a free tier) when the hold ran out unpaid or its ticket was cancelled unpaid
    -- (as the entry reads: a claimed ticket that was paid stays the waiter's, refunded later or not)
    v_over := CASE WHEN v.status = 'claimed'
                   THEN (fashionos.waitlist_entry_row(v)).status = 'lapsed'
                   ELSE v.status = 'lapsed' OR coalesce(v_expires <= pg_catalog.now(), true) END;
    IF v.status = 'waiting' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'no offer yet',
            DETAIL = pg_catalog.format('Waitlist entry %s is waiting at position %s.', v.id, (fashionos.waitlist_entry_row(v)).position),
            HINT = 'An offer comes when a ticket of the tier is given back; check with waitlist_status.';
    ELSIF v.status = 'left' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'left the waitlist',
            DETAIL = pg_catalog.format('Waitlist entry %s left the waitlist at %s.', v.id, v.decided_at),
            HINT = 'Join the waitlist again with join_waitlist.';
    ELSIF v_over THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'offer expired',
            DETAIL = CASE WHEN v.status = 'claimed'
                          THEN pg_catalog.format('Waitlist entry %s claimed its offer, but its ticket was not paid before its hold ran out (or was cancelled); it goes to the next entry in line, or back on sale.', v.id)
                          ELSE pg_catalog.format('The offer to waitlist entry %s ended unclaimed%s; its ticket goes to the next entry in line, or back on sale.',
                                                 v.id, coalesce(' at ' || v_expires::text, '')) END,
            HINT = 'Join the waitlist again with join_waitlist, or buy with reserve_tickets if tickets are on sale.';
    ELSIF v.status = 'claimed' THEN
        NULL;  -- claimed already: the same answer
    ELSIF NOT fashionos.event_on_sale(v.event_id) THEN
        -- cancelled, completed or ended since the offer was made: its ticket is not sold
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'event is not on sale',
            DETAIL = fashionos.not_on_sale_detail(v.event_id, (SELECT t.name FROM public.ticket_tiers t WHERE t.id = v.ticket_tier_id)),
            HINT = 'The offer cannot be claimed; it lapses when its time is up.';
    ELSE
        -- The waiter agrees to a price when he claims, not when the offer was made: the tier's
        -- price now. The offer's unpaid payment follows it (made when the tier has a price now,
        -- dropped when it has none; nothing was paid on it yet).
        v_price := (SELECT t.price FROM public.ticket_tiers t WHERE t.id = v.ticket_tier_id);
        v_paid := EXISTS (SELECT 1 FROM public.payments p WHERE p.registration_id = v.registration_id AND p.status = 'pending');
        IF v_price > 0 AND v_paid THEN
            UPDATE public.payments p SET amount = v_price
             WHERE p.registration_id = v.registration_id AND p.status = 'pending' AND p.amount IS DISTINCT FROM v_price;
        ELSIF v_price > 0 THEN
            INSERT INTO public.payments (registration_id, payer_id, amount, status)
            SELECT r.id, r.user_id, v_price, 'pending' FROM public.registrations r WHERE r.id = v.registration_id;
            v_paid := true;
        ELSIF v_paid THEN
            DELETE FROM public.payments p WHERE p.registration_id = v.registration_id AND p.status = 'pending';
            v_paid := false;
        END IF;
        IF v_paid THEN
            -- the payment's hold: the event's hold time from now
            UPDATE fashionos.registration_holds h
               SET expires_at = pg_catalog.now() + pg_catalog.make_interval(mins => s.hold_minutes)
              FROM fashionos.settings_for(v.event_id) s
             WHERE h.registration_id = v.registration_id;
        ELSE
            -- a free tier: the ticket is the waiter's now
            DELETE FROM fashionos.registration_holds h WHERE h.registration_id = v.registration_id;
            UPDATE public.registrations r SET status = 'confirmed' WHERE r.id = v.registration_id AND r.status = 'pending';
        END IF;
        UPDATE fashionos.waitlist_entries w SET status = 'claimed', decided_at = pg_catalog.now() WHERE w.id = v.id;
    END IF;
    RETURN QUERY SELECT * FROM fashionos.reservation_rows(ARRAY[v.registration_id]);
END
$$;
COMMENT ON FUNCTION fashionos.claim_locked_offer(fashionos.waitlist_entries) IS
    'The claim of an offer whose entry and hold row are locked (fashionos.claim_waitlist_offer): the ticket becomes the waiter''s to pay (its hold extended) or his at once (a free tier).';

CREATE FUNCTION fashionos.leave_waitlist(p_token text DEFAULT NULL, p_entry_id uuid DEFAULT NULL)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v fashionos.waitlist_entries := fashionos.waitlist_entry_of(p_token, p_entry_id, true);
BEGIN
    -- the entry and its offer's hold, then the entry as it is now
    PERFORM fashionos.lock_waitlist_entries(ARRAY[v.id]);
    SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = v.id;
    -- As the entry reads (fashionos.waitlist_entry_row): an open offer whose ticket the organizers
    -- marked paid is the waiter's, as if claimed; a claimed one whose ticket was not paid in time
    -- has lapsed, and leaves as an offer past its deadline does. A claimed ticket refunded or
    -- cancelled since has nothing left to leave: the entry is answered as it is.
    IF (fashionos.waitlist_entry_row(v)).status = 'claimed'
       AND EXISTS (SELECT 1 FROM public.registrations r WHERE r.id = v.registration_id AND r.status <> 'cancelled') THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'offer already claimed',
            DETAIL = pg_catalog.format('Waitlist entry %s claimed its offer: registration %s.', v.id, v.registration_id),
            HINT = 'An unpaid ticket is released when its hold expires; a paid one is cancelled or refunded by the organizers (cancel_registration, refund_payment).';
    ELSIF v.status IN ('waiting', 'offered', 'claimed') AND (fashionos.waitlist_entry_row(v)).status <> 'claimed' THEN
        UPDATE fashionos.waitlist_entries w SET status = 'left', decided_at = pg_catalog.now()
         WHERE w.id = v.id RETURNING w.* INTO v;
        IF v.registration_id IS NOT NULL THEN
            -- Declining an offer ends its hold now; the release passes the ticket to the next entry.
            UPDATE fashionos.registration_holds h SET expires_at = LEAST(h.expires_at, pg_catalog.now())
             WHERE h.registration_id = v.registration_id;
            PERFORM fashionos.release_tier_holds(v.ticket_tier_id);
        END IF;
    END IF;
    RETURN NEXT fashionos.waitlist_entry_row(v);
END
$$;
COMMENT ON FUNCTION fashionos.leave_waitlist(text, uuid) IS
    'Implementation of public.leave_waitlist (SECURITY DEFINER: writes the private waitlist; a declined offer is released through the expiry path).';

-- The notices of new offers, for server-side code that tells the waiters (a mailer): each open
-- offer once. SKIP LOCKED: two mailers at once take different notices, and neither waits for a
-- claim, a release or the other.
CREATE FUNCTION fashionos.take_waitlist_offers(p_limit integer DEFAULT 100)
    RETURNS SETOF public.waitlist_offer_notice
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to take waitlist offers',
            DETAIL = 'The notices carry the waiters'' e-mail addresses: server-side code (service_role) takes them.',
            HINT = 'Call it from the server that sends the mail, with the service key.';
    END IF;
    IF p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_limit out of range',
            DETAIL = pg_catalog.format('p_limit is %s; between 1 and 1000 notices are taken at once.', coalesce(p_limit::text, 'null')),
            HINT = 'Pass p_limit between 1 and 1000 (default 100), and call again for the rest.';
    END IF;
    -- A hold or an offer that ran out passes its ticket to the next waiter only when it is
    -- released, and the only traffic of a sold-out tier (walk-ins refused "sold out") rolls its
    -- own release back. The tiers someone waits for are released here first, so that the
    -- mailer's loop keeps every queue moving by itself.
    -- (a tier whose row another transaction holds is passed over, not waited for: one producer's
    -- busy tier does not hold back the notices of the others)
    PERFORM fashionos.sweep_expired_holds(ARRAY(
        SELECT DISTINCT h.ticket_tier_id FROM fashionos.registration_holds h
         WHERE h.expires_at <= pg_catalog.now()
           AND EXISTS (SELECT 1 FROM fashionos.waitlist_entries w
                        WHERE w.ticket_tier_id = h.ticket_tier_id AND w.status IN ('waiting', 'offered'))));
    RETURN QUERY
    WITH taken AS (
        SELECT w.id FROM fashionos.waitlist_entries w
         WHERE w.status = 'offered' AND w.noticed_at IS NULL
           AND EXISTS (SELECT 1 FROM fashionos.registration_holds h
                        WHERE h.registration_id = w.registration_id AND h.expires_at > pg_catalog.now())
           -- an offer of an event off sale cannot be claimed: its notice waits until it is back
           AND fashionos.event_on_sale(w.event_id)
         ORDER BY w.offered_at, w.seq
         LIMIT p_limit
           FOR UPDATE OF w SKIP LOCKED
    ), noticed AS (
        UPDATE fashionos.waitlist_entries w SET noticed_at = pg_catalog.now()
          FROM taken WHERE w.id = taken.id
        RETURNING w.*
    )
    SELECT n.id, n.event_id, e.name, n.ticket_tier_id, t.name, n.user_id, n.attendee_email, n.attendee_name,
           h.expires_at
      FROM noticed n
      JOIN public.events e ON e.id = n.event_id
      JOIN public.ticket_tiers t ON t.id = n.ticket_tier_id
      JOIN fashionos.registration_holds h ON h.registration_id = n.registration_id
     ORDER BY n.offered_at, n.seq;
END
$$;
COMMENT ON FUNCTION fashionos.take_waitlist_offers(integer) IS
    'Implementation of public.take_waitlist_offers (SECURITY DEFINER: reads and marks the private waitlist for server-side code).';

CREATE FUNCTION fashionos.list_waitlist(p_ticket_tier_id uuid)
    RETURNS SETOF public.waitlist_entry
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_event uuid;
    v_staff boolean;
BEGIN
    v_event := fashionos.require_tier_visible(p_ticket_tier_id);
    v_staff := fashionos.caller_runs_event(v_event);
    IF NOT v_staff AND auth.uid() IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to list the waitlist',
            DETAIL = 'The caller is not signed in.',
            HINT = 'The event''s organizers see the queue; a buyer checks an entry with waitlist_status and its claim token.';
    END IF;
    -- The organizers read the whole queue: positions are numbered in one pass (each row built
    -- once); a buyer's own entries count theirs.
    RETURN QUERY
    SELECT e.*
      FROM (SELECT w, CASE WHEN v_staff AND w.status = 'waiting'
                           THEN (pg_catalog.count(*) FILTER (WHERE w.status = 'waiting') OVER (ORDER BY w.seq))::integer END AS position
              FROM fashionos.waitlist_entries w
             WHERE w.ticket_tier_id = p_ticket_tier_id
               AND (v_staff OR w.user_id = auth.uid())) q
     CROSS JOIN LATERAL fashionos.waitlist_entry_row(q.w, NULL, q.position) e
     ORDER BY (q.w).seq;
END
$$;
COMMENT ON FUNCTION fashionos.list_waitlist(uuid) IS
    'Implementation of public.list_waitlist (SECURITY DEFINER: reads the private waitlist; the whole queue for the event''s organizers, the caller''s own entries for anyone else signed in).';

CREATE FUNCTION fashionos.my_waitlist()
    RETURNS SETOF public.waitlist_entry
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_user uuid := fashionos.require_signed_in('my_waitlist', 'the waitlist entries',
        'An entry joined without signing in is checked with waitlist_status and its claim token.');
BEGIN
    RETURN QUERY
    SELECT e.*
      FROM fashionos.waitlist_entries w
     CROSS JOIN LATERAL fashionos.waitlist_entry_row(w) e
     WHERE w.user_id = v_user
     ORDER BY w.joined_at DESC, w.seq DESC;
END
$$;
COMMENT ON FUNCTION fashionos.my_waitlist() IS
    'Implementation of public.my_waitlist (SECURITY DEFINER: reads the private waitlist, the caller''s own entries only).';

-- Forgetting waiters. An entry keeps a person's e-mail address and name, and only for the queue:
-- when its user deletes his account, and when server-side code honours an erasure request for an
-- address, the entries go. A live offer is declined: its hold ends now, and the ticket goes to the
-- next in line at the next release of the tier's expired holds (a reservation that finds the tier
-- full, a sweep, release_expired_holds), as for any hold that runs out; the registration the offer
-- made, unclaimed and unpaid, keeps no name, address or user (it is nobody's ticket now). A
-- waiting entry just leaves the queue; a claimed one is already a registration, which stays (the
-- record of a sale). Locks: the offers'
-- hold rows first, then the entries, each in id order, as every release takes them (hold rows,
-- then entries); an erasure takes no tier, so it never waits for a release that waits for it.
CREATE FUNCTION fashionos.forget_waitlist_entries(p_entry_ids uuid[]) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_ids uuid[] := ARRAY(SELECT DISTINCT x FROM pg_catalog.unnest(p_entry_ids) AS x WHERE x IS NOT NULL ORDER BY x);
    v fashionos.waitlist_entries;
    v_id uuid;
    v_count integer := 0;
    v_offers uuid[] := '{}';
BEGIN
    -- the entries, each with its offer's hold, in id order
    PERFORM fashionos.lock_waitlist_entries(v_ids);
    FOREACH v_id IN ARRAY v_ids LOOP
        SELECT * INTO v FROM fashionos.waitlist_entries w WHERE w.id = v_id;
        CONTINUE WHEN v.id IS NULL;
        IF v.registration_id IS NOT NULL AND (fashionos.waitlist_entry_row(v)).status <> 'claimed' THEN
            v_offers := v_offers || v.registration_id;
            IF v.status = 'offered' THEN
                UPDATE fashionos.registration_holds h SET expires_at = pg_catalog.now()
                 WHERE h.registration_id = v.registration_id AND h.expires_at > pg_catalog.now();
            END IF;
        END IF;
        DELETE FROM fashionos.waitlist_entries w WHERE w.id = v.id;
        v_count := v_count + 1;
    END LOOP;
    UPDATE public.registrations r
       SET attendee_name = 'erased', attendee_email = pg_catalog.format('erased-%s@erased.invalid', r.id),
           user_id = NULL
     WHERE r.id = ANY (v_offers) AND r.status IN ('pending', 'cancelled')
       AND NOT EXISTS (SELECT 1 FROM public.payments p
                        WHERE p.registration_id = r.id AND p.status IN ('completed', 'refunded'));
    RETURN v_count;
END
$$;
COMMENT ON FUNCTION fashionos.forget_waitlist_entries(uuid[]) IS
    'Deletes waitlist entries with the personal data they keep; a live offer is declined (its hold ends now; the ticket goes on at the next release of expired holds) and the registration of an unclaimed offer is pseudonymised. Returns how many entries went.';

CREATE FUNCTION fashionos.waitlist_forget_user() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- His tickets' hold rows, then his tickets (whose user_id the deletion's cascade clears after
    -- this trigger), each in the order of their ids, before his entries: the order of an erasure
    -- (erase_person) and of every change of a ticket.
    PERFORM 1 FROM fashionos.registration_holds h JOIN public.registrations r ON r.id = h.registration_id
      WHERE r.user_id = OLD.id ORDER BY h.registration_id FOR UPDATE OF h;
    PERFORM 1 FROM public.registrations r WHERE r.user_id = OLD.id ORDER BY r.id FOR UPDATE;
    PERFORM fashionos.forget_waitlist_entries(
        ARRAY(SELECT w.id FROM fashionos.waitlist_entries w WHERE w.user_id = OLD.id));
    RETURN OLD;
END
$$;
COMMENT ON FUNCTION fashionos.waitlist_forget_user() IS
    'Trigger of public.users: a deleted user''s waitlist entries go with him (fashionos.forget_waitlist_entries); they were anonymous entries keeping his address before.';
CREATE TRIGGER users_waitlist_forget BEFORE DELETE ON public.users
    FOR EACH ROW EXECUTE FUNCTION fashionos.waitlist_forget_user();
COMMENT ON TRIGGER users_waitlist_forget ON public.users IS
    'A deleted user''s waitlist entries go with him; a live offer is declined (fashionos.waitlist_forget_user).';

CREATE FUNCTION fashionos.forget_waitlist_email(p_email text) RETURNS integer
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not allowed to erase waitlist entries',
            DETAIL = 'Erasing an address''s entries answers a person''s erasure request: server-side code (service_role) does it, once it has checked who asks.',
            HINT = 'A waiter leaves a queue himself with leave_waitlist; a signed-in user''s entries go when his account is deleted.';
    END IF;
    RETURN fashionos.forget_waitlist_entries(
        ARRAY(SELECT w.id FROM fashionos.waitlist_entries w
               WHERE fashionos.buyer_key(w.attendee_email) = fashionos.buyer_key(p_email)));
END
$$;
COMMENT ON FUNCTION fashionos.forget_waitlist_email(text) IS
    'Implementation of public.forget_waitlist_email (SECURITY DEFINER: deletes the private waitlist entries of an address, for server-side code).';
