-- privacy.sql: a person's data on request (access, GDPR art. 15) and its erasure (art. 17), for
-- server-side code that has checked who asks (docs/security.md, "Personal data: where it lives,
-- access requests, erasure, retention"). Wrappers: sql/api/privacy.sql.
--
-- A person is named by an e-mail address, a user id, or both. An address is compared as the limits
-- per buyer compare them (fashionos.buyer_key: trimmed, NFKC-normalized, lower-case; the form in
-- which registrations and the waitlist store addresses); a user id is compared as it is, also after
-- the account is gone (the private ledgers keep ids without a foreign key). Pass both for a person
-- with an account: rows are found by either.
--
-- What is found, per source, is written once, in fashionos.subject_sets (the ids of the person's
-- registrations, payments, contact cards, talent profiles and venues), and both functions start
-- from it. Secrets are never returned: ticket tokens (qr_code_data), claim token hashes, door scan
-- token hashes, OAuth access tokens, idempotency request hashes.

-- The checks both functions make, in this order: server-side code (42501), at least one argument
-- (22023), a plausible address (22023). Returns the address in its stored form (NULL when none).
CREATE FUNCTION fashionos.subject_key(p_function text, p_email text, p_user_id uuid) RETURNS text
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_key text;
BEGIN
    IF NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = pg_catalog.format('not allowed to call %s', p_function),
            DETAIL = 'A person''s data across every organization is read and erased by server-side code (service_role) answering his request, once it has checked who asks.',
            HINT = 'Call it from the server with the service key. A signed-in user reads his own rows with my_tickets and my_waitlist; an organization corrects its own records directly.';
    END IF;
    IF p_email IS NULL AND p_user_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'pass p_email or p_user_id',
            DETAIL = 'Both p_email and p_user_id were null: nobody is named.',
            HINT = 'Pass the person''s e-mail address, his user id (auth.users.id), or both (a person with an account: both).';
    END IF;
    IF p_email IS NOT NULL THEN
        v_key := fashionos.buyer_key(p_email);
        IF v_key IS NULL OR NOT fashionos.email_is_plausible(v_key) THEN
            RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'p_email is not an e-mail address',
                DETAIL = pg_catalog.format('Got %s.', fashionos.shown(p_email)),
                HINT = 'Pass the address as the person gave it, e.g. ana@example.com, or only p_user_id.';
        END IF;
    END IF;
    RETURN v_key;
END
$$;
COMMENT ON FUNCTION fashionos.subject_key(text, text, uuid) IS
    'The checks of subject_data and erase_person: server-side code (42501), p_email or p_user_id (22023), a plausible address (22023); returns the address as registrations store it (fashionos.buyer_key), or NULL.';

-- The ids of what names the person, from which every source is reached.
--   registrations: attendee_email is the address, or user_id the user
--   attended:      those of them whose attendee he is (his address): a ticket is two people's, the
--                  attendee's name and address are the attendee's, the user id the buyer's
--   waiting:       waitlist entries whose waiter he is (his address); one he made for someone else
--                  is that person's place
--   payments:      of those registrations, or payer_id the user
--   contacts:      stakeholders whose email is the address (contact cards about him, in any
--                  organization's address book); his own address book (user_id) is listed, not used
--                  to reach crew rows: it describes other people
--   model_profiles, designer_profiles, venues: his, by user_id / owner_id
CREATE FUNCTION fashionos.subject_sets(p_key text, p_user_id uuid,
                                       OUT registrations uuid[], OUT attended uuid[], OUT waiting uuid[],
                                       OUT payments uuid[], OUT contacts uuid[],
                                       OUT model_profiles uuid[], OUT designer_profiles uuid[], OUT venues uuid[])
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    attended := ARRAY(SELECT r.id FROM public.registrations r
                       WHERE p_key IS NOT NULL AND fashionos.buyer_key(r.attendee_email) = p_key ORDER BY r.id);
    registrations := ARRAY(SELECT x.id FROM pg_catalog.unnest(attended) AS x (id)
                           UNION SELECT r.id FROM public.registrations r WHERE r.user_id = p_user_id
                           ORDER BY 1);
    waiting := ARRAY(SELECT w.id FROM fashionos.waitlist_entries w
                      WHERE p_key IS NOT NULL AND fashionos.buyer_key(w.attendee_email) = p_key ORDER BY w.id);
    payments := ARRAY(SELECT p.id FROM public.payments p
                       WHERE p.registration_id = ANY (registrations) OR p.payer_id = p_user_id
                       ORDER BY p.id);
    contacts := ARRAY(SELECT s.id FROM public.stakeholders s
                       WHERE p_key IS NOT NULL AND fashionos.buyer_key(s.email) = p_key ORDER BY s.id);
    model_profiles := ARRAY(SELECT m.id FROM public.model_profiles m WHERE m.user_id = p_user_id ORDER BY m.id);
    designer_profiles := ARRAY(SELECT d.id FROM public.designer_profiles d WHERE d.user_id = p_user_id ORDER BY d.id);
    venues := ARRAY(SELECT v.id FROM public.venues v WHERE v.owner_id = p_user_id ORDER BY v.id);
END
$$;
COMMENT ON FUNCTION fashionos.subject_sets(text, uuid) IS
    'The ids from which subject_data and erase_person reach a person''s rows: his registrations (by stored address or user) and those he attends, the waitlist entries he waits in, their payments and the ones he paid, the contact cards that carry his address, his talent profiles and venues.';

CREATE FUNCTION fashionos.subject_data(p_email text, p_user_id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_key text := fashionos.subject_key('subject_data', p_email, p_user_id);
    s record;
    v_found jsonb;
    v_named jsonb;
BEGIN
    SELECT * INTO s FROM fashionos.subject_sets(v_key, p_user_id);

    -- Ticketing and its private ledgers.
    v_found := pg_catalog.jsonb_build_object(
        'users', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(u) ORDER BY u.id) FROM public.users u
                            WHERE u.id = p_user_id OR (v_key IS NOT NULL AND fashionos.buyer_key(u.email) = v_key)), '[]'),
        -- a ticket he bought for someone else is his by its user id only: the attendee's name and
        -- address are the other person's, and are left out
        'registrations', coalesce((SELECT pg_catalog.jsonb_agg(
                                              CASE WHEN r.id = ANY (s.attended)
                                                   THEN pg_catalog.to_jsonb(r) - 'qr_code_data'
                                                   ELSE pg_catalog.to_jsonb(r) - 'qr_code_data' - 'attendee_name' - 'attendee_email' END
                                              ORDER BY r.created_at, r.id)
                                    FROM public.registrations r WHERE r.id = ANY (s.registrations)), '[]'),
        'payments', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(p) ORDER BY p.created_at, p.id)
                               FROM public.payments p WHERE p.id = ANY (s.payments)), '[]'),
        'payment_history', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(e) ORDER BY e.at, e.entry_id)
                                      FROM fashionos.payment_events e
                                     WHERE e.payment_id = ANY (s.payments) OR e.registration_id = ANY (s.registrations)
                                        OR e.by_user = p_user_id), '[]'),
        -- an entry he made for someone else: the waiter's name and address are the other person's
        'waitlist', coalesce((SELECT pg_catalog.jsonb_agg(
                                         CASE WHEN w.id = ANY (s.waiting)
                                              THEN pg_catalog.to_jsonb(w) - 'token_hash'
                                              ELSE pg_catalog.to_jsonb(w) - 'token_hash' - 'attendee_name' - 'attendee_email' END
                                         ORDER BY w.joined_at, w.seq)
                               FROM fashionos.waitlist_entries w
                              WHERE w.user_id = p_user_id OR w.id = ANY (s.waiting)
                                 OR w.registration_id = ANY (s.registrations)), '[]'),
        'door_scans', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(d) - 'token_hash' ORDER BY d.scanned_at, d.gate, d.device)
                                 FROM fashionos.door_scans d
                                WHERE d.registration_id = ANY (s.registrations) OR d.synced_by = p_user_id), '[]'),
        'reservation_keys', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(k) - 'request_hash' ORDER BY k.created_at, k.idempotency_key)
                                       FROM fashionos.reservation_keys k WHERE k.registration_ids && s.registrations), '[]'),
        'options', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(o) ORDER BY o.requested_at, o.seq)
                              FROM fashionos.options o
                             WHERE o.requested_by = p_user_id OR o.decided_by = p_user_id
                                OR (o.resource_type = 'model' AND o.resource_id = ANY (s.model_profiles))
                                OR (o.resource_type = 'designer' AND o.resource_id = ANY (s.designer_profiles))
                                OR (o.resource_type = 'venue' AND o.resource_id = ANY (s.venues))), '[]'));

    -- The 52 tables: rows about the person (his profile, contact cards, talent, venues, accounts,
    -- memberships), and contact fields that carry his address.
    v_found := v_found || pg_catalog.jsonb_build_object(
        'stakeholders', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.stakeholders x
                                   WHERE x.id = ANY (s.contacts) OR x.user_id = p_user_id), '[]'),
        'event_stakeholders', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.event_stakeholders x
                                         WHERE x.stakeholder_id = ANY (s.contacts)), '[]'),
        'sponsors', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                                         'id', x.id, 'event_id', x.event_id, 'company_name', x.company_name,
                                         'contact_name', x.contact_name, 'contact_email', x.contact_email,
                                         'contact_phone', x.contact_phone, 'created_at', x.created_at) ORDER BY x.created_at, x.id)
                                FROM public.sponsors x
                               WHERE v_key IS NOT NULL AND fashionos.buyer_key(x.contact_email) = v_key), '[]'),
        'model_agencies', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.model_agencies x
                                     WHERE v_key IS NOT NULL AND fashionos.buyer_key(x.contact_email) = v_key), '[]'),
        'model_profiles', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.model_profiles x
                                     WHERE x.id = ANY (s.model_profiles)), '[]'),
        'designer_profiles', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.designer_profiles x
                                        WHERE x.id = ANY (s.designer_profiles)), '[]'),
        'model_availability', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.start_time, x.id) FROM public.model_availability x
                                         WHERE x.model_profile_id = ANY (s.model_profiles)), '[]'),
        'designer_availability', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.start_time, x.id) FROM public.designer_availability x
                                            WHERE x.designer_profile_id = ANY (s.designer_profiles)), '[]'),
        'event_models', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.event_models x
                                   WHERE x.model_profile_id = ANY (s.model_profiles)), '[]'),
        'event_designers', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.event_designers x
                                      WHERE x.designer_profile_id = ANY (s.designer_profiles)), '[]'),
        'call_times', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.date, x.id) FROM public.call_times x
                                 WHERE x.model_profile_id = ANY (s.model_profiles) OR x.stakeholder_id = ANY (s.contacts)), '[]'),
        'venues', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.venues x
                             WHERE x.id = ANY (s.venues)), '[]'),
        'venue_availability', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.start_time, x.id) FROM public.venue_availability x
                                         WHERE x.venue_id = ANY (s.venues)), '[]'),
        'instagram_connections', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) - 'access_token' ORDER BY x.created_at, x.id)
                                            FROM public.instagram_connections x WHERE x.user_id = p_user_id), '[]'),
        'facebook_connections', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) - 'access_token' ORDER BY x.created_at, x.id)
                                           FROM public.facebook_connections x WHERE x.user_id = p_user_id), '[]'),
        'shopify_shops', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) - 'access_token' ORDER BY x.created_at, x.id)
                                    FROM public.shopify_shops x WHERE x.user_id = p_user_id), '[]'),
        'amazon_connections', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) - 'access_token' ORDER BY x.created_at, x.id)
                                         FROM public.amazon_connections x WHERE x.user_id = p_user_id), '[]'),
        'organizer_teams', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.organizer_teams x
                                      WHERE x.owner_id = p_user_id), '[]'),
        'organizer_team_members', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.organizer_team_members x
                                             WHERE x.user_id = p_user_id OR x.stakeholder_id = ANY (s.contacts)), '[]'),
        'task_assignees', coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) ORDER BY x.created_at, x.id) FROM public.task_assignees x
                                     WHERE x.user_id = p_user_id OR x.stakeholder_id = ANY (s.contacts)), '[]'));

    -- Business records of an organization that name the user as creator, uploader, approver or
    -- assignee: the reference is his, the record is the organization's, so only which record and
    -- which column (and its title) are listed.
    v_named := coalesce((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('table', n.tbl, 'column', n.col, 'id', n.id,
                                                                                   'title', n.title, 'created_at', n.created_at)
                                                     ORDER BY n.tbl, n.created_at, n.id)
                           FROM (SELECT 'events' AS tbl, 'created_by' AS col, x.id, x.name AS title, x.created_at FROM public.events x WHERE x.created_by = p_user_id
                                 UNION ALL
                                 SELECT 'campaigns', 'created_by', x.id, x.name, x.created_at FROM public.campaigns x WHERE x.created_by = p_user_id
                                 UNION ALL
                                 SELECT 'shoots', 'created_by', x.id, x.title, x.created_at FROM public.shoots x WHERE x.created_by = p_user_id
                                 UNION ALL
                                 SELECT 'assets', 'uploaded_by', x.id, x.name, x.created_at FROM public.assets x WHERE x.uploaded_by = p_user_id
                                 UNION ALL
                                 SELECT 'shoot_assets', 'approved_by', x.id, NULL, x.created_at FROM public.shoot_assets x WHERE x.approved_by = p_user_id
                                 UNION ALL
                                 SELECT 'tasks', 'assigned_to', x.id, x.title, x.created_at FROM public.tasks x WHERE x.assigned_to = p_user_id) n), '[]');
    RETURN v_found || pg_catalog.jsonb_build_object('named_in', v_named);
END
$$;
COMMENT ON FUNCTION fashionos.subject_data(text, uuid) IS
    'Implementation of public.subject_data (SECURITY DEFINER: reads every organization''s rows and the private ledgers for server-side code answering an access request).';

-- Erasure: pseudonymises what subject_data finds and the books do not need, one statement per
-- source, in one transaction (an error leaves nothing written). What stays is the record of each
-- sale (amounts, statuses, times, the tier and event) under a name and an address that are
-- nobody's; the account itself is deleted afterwards (docs/security.md: erase_person, then the
-- auth user). A second run finds nothing left and answers zeros.
CREATE FUNCTION fashionos.erase_person(p_email text, p_user_id uuid) RETURNS jsonb
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_key text := fashionos.subject_key('erase_person', p_email, p_user_id);
    s record;
    v_waitlist integer;
    v_registrations integer;
    v_payments integer;
    v_history integer;
    v_scans integer;
    v_options integer;
    v_keys integer;
    v_contacts integer;
    v_sponsors integer;
    v_agencies integer;
BEGIN
    SELECT * INTO s FROM fashionos.subject_sets(v_key, p_user_id);

    -- His tickets' hold rows, then his tickets, each in the order of their ids, before his waitlist
    -- entries: the lock order of every change of a ticket (hold row, registration, tier, then
    -- waitlist entries). A cancellation of his ticket, which offers it to the first waiting entry
    -- (perhaps his own), is waited for, instead of waiting for an entry this erasure holds.
    PERFORM 1 FROM fashionos.registration_holds h WHERE h.registration_id = ANY (s.registrations)
      ORDER BY h.registration_id FOR UPDATE;
    PERFORM 1 FROM public.registrations r WHERE r.id = ANY (s.registrations) ORDER BY r.id FOR UPDATE;
    -- then the payments it changes (his as the payer): a payment failing or refunded, which takes
    -- its payment and then offers the ticket to a waiting entry, is waited for too
    PERFORM 1 FROM public.payments p WHERE p.payer_id = p_user_id ORDER BY p.id FOR UPDATE;

    -- Waitlist entries he waits in go, through the one forgetting path (a live offer is declined
    -- and its unclaimed registration pseudonymised: sql/waitlist.sql). An entry is two people's
    -- too: one he only made for someone else (his user id) stays that person's place, without his
    -- id.
    v_waitlist := fashionos.forget_waitlist_entries(s.waiting);
    WITH done AS (
        UPDATE fashionos.waitlist_entries w SET user_id = NULL WHERE w.user_id = p_user_id RETURNING 1)
    SELECT v_waitlist + pg_catalog.count(*) INTO v_waitlist FROM done;

    -- Registrations stay (tickets still admit, sales stay). A ticket is two people's: the
    -- attendee's name and address are the attendee's, the user id is the buyer's. What is the
    -- person's goes: where he is the attendee (his address), his name and address become nobody's;
    -- where he is the buyer (his user id), his id goes. A ticket he bought for a friend keeps the
    -- friend's name; a ticket a friend bought for him keeps the friend as its buyer. The door
    -- triggers let the extension's owner through, and the attendee rules accept the placeholders.
    -- The door bundles get the new name with the next delta (registrations_door_change).
    WITH done AS (
        UPDATE public.registrations r
           SET attendee_name = CASE WHEN r.id = ANY (s.attended) THEN 'Erased' ELSE r.attendee_name END,
               attendee_email = CASE WHEN r.id = ANY (s.attended) THEN pg_catalog.format('erased-%s@erased.invalid', r.id)
                                     ELSE r.attendee_email END,
               user_id = CASE WHEN r.user_id = p_user_id THEN NULL ELSE r.user_id END
         WHERE r.id = ANY (s.registrations)
           -- (a row whose address is the placeholder already is nobody's: this run's waitlist
           -- forgetting, or an earlier erasure, made it so)
           AND ((r.id = ANY (s.attended)
                 AND r.attendee_email IS DISTINCT FROM pg_catalog.format('erased-%s@erased.invalid', r.id))
                OR r.user_id = p_user_id)
        RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_registrations FROM done;

    -- Payments keep amount, currency, status, provider and times; only the payer goes.
    WITH done AS (
        UPDATE public.payments p SET payer_id = NULL WHERE p.payer_id = p_user_id RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_payments FROM done;

    -- The private ledgers keep their entries; the user's id goes from them.
    WITH done AS (
        UPDATE fashionos.payment_events e SET by_user = NULL WHERE e.by_user = p_user_id RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_history FROM done;
    WITH done AS (
        UPDATE fashionos.door_scans d SET synced_by = NULL WHERE d.synced_by = p_user_id RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_scans FROM done;
    WITH done AS (
        UPDATE fashionos.options o
           SET requested_by = NULLIF(o.requested_by, p_user_id), decided_by = NULLIF(o.decided_by, p_user_id)
         WHERE o.requested_by = p_user_id OR o.decided_by = p_user_id RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_options FROM done;

    -- Idempotency keys past their 24 hours answer no retry any more: all of them go (their request
    -- hashes are of attendees' addresses). Younger keys stay: a retry within the day must still get
    -- its reservation rather than a second one, and they go at the next purge.
    WITH done AS (
        DELETE FROM fashionos.reservation_keys k
         WHERE k.created_at < pg_catalog.now() - interval '24 hours' RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_keys FROM done;

    -- Contact cards that carry the address, in any organization: the card stays (crew, call
    -- times, tasks and teams point at it), its name, address and phone go.
    WITH done AS (
        UPDATE public.stakeholders x SET name = 'Erased', email = NULL, phone = NULL
         WHERE x.id = ANY (s.contacts) RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_contacts FROM done;
    WITH done AS (
        UPDATE public.sponsors x SET contact_name = NULL, contact_email = NULL, contact_phone = NULL
         WHERE v_key IS NOT NULL AND fashionos.buyer_key(x.contact_email) = v_key RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_sponsors FROM done;
    WITH done AS (
        UPDATE public.model_agencies x SET contact_email = NULL
         WHERE v_key IS NOT NULL AND fashionos.buyer_key(x.contact_email) = v_key RETURNING 1)
    SELECT pg_catalog.count(*) INTO v_agencies FROM done;

    RETURN pg_catalog.jsonb_build_object(
        'waitlist', v_waitlist, 'registrations', v_registrations, 'payments', v_payments,
        'payment_history', v_history, 'door_scans', v_scans, 'options', v_options,
        'reservation_keys', v_keys, 'stakeholders', v_contacts, 'sponsors', v_sponsors,
        'model_agencies', v_agencies);
END
$$;
COMMENT ON FUNCTION fashionos.erase_person(text, uuid) IS
    'Implementation of public.erase_person (SECURITY DEFINER: pseudonymises a person''s rows across every organization and the private ledgers, for server-side code answering an erasure request).';
