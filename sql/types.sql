-- types.sql: the API's multi-column results, declared once. The Rust implementations in schema
-- fashionos return SETOF these types (src/rows.rs builds their rows) and the public functions of
-- sql/api/*.sql return the same types, so a column is named and typed in exactly one place.
-- They live in public, beside the functions that return them, so that clients see them: PostgREST's
-- OpenAPI document and the TypeScript types Supabase generates for schema public describe the
-- columns of each result (a type in a schema the API does not expose would reach them as unknown).
-- Composite types are not tables: public still has exactly the 52 tables.

CREATE TYPE public.ticket_reservation AS (
    registration_id uuid,
    status text,
    qr_code_data text,
    payment_id uuid,
    amount numeric,
    currency text,
    hold_expires_at timestamptz
);
COMMENT ON TYPE public.ticket_reservation IS
    'One reserved ticket (public.reserve_tickets): its registration, status (pending or confirmed when reserved; an idempotent replay or a claimed waitlist offer answers the status as it is now, which may be attended or cancelled), signed token, payment to complete (paid tiers), amount, currency and when the hold expires.';

CREATE TYPE public.payment_outcome AS (
    payment_id uuid,
    payment_status text,
    registration_id uuid,
    registration_status text,
    changed boolean
);
COMMENT ON TYPE public.payment_outcome IS
    'A payment after complete_payment, fail_payment or refund_payment: its status, the ticket it pays now (its registration, or the one that replaced it by exchanges: what a refund took back or left in place) with its status, and whether this call changed anything (false for a repeated webhook).';

CREATE TYPE public.payment_event AS (
    entry_id bigint,
    at timestamptz,
    payment_id uuid,
    registration_id uuid,
    ticket_tier_id uuid,
    status_before text,
    status text,
    amount numeric(10,2),
    currency text,
    provider text,
    provider_transaction_id text,
    reason text,
    webhook text,
    by_role text,
    by_user uuid
);
COMMENT ON TYPE public.payment_event IS
    'A change of a payment''s status (payment_history): when, the payment, its registration and tier, the status before and after, the amount and currency, the provider and its transaction, why (the function asked: complete_payment, fail_payment, refund_payment; or what gave the ticket back: hold expired, registration cancelled, payment failed, registration refunded; direct write otherwise), the provider''s webhook event that caused it (provider, type, id), and the role and user of the request.';

CREATE TYPE public.registration_change AS (
    registration_id uuid,
    status text,
    changed boolean
);
COMMENT ON TYPE public.registration_change IS
    'A registration after cancel_registration or undo_check_in: its status and whether this call changed it.';

CREATE TYPE public.ticket_verification AS (
    valid boolean,
    reason text,
    registration_id uuid,
    event_id uuid,
    status text,
    attendee_name text,
    checked_in_at timestamptz
);
COMMENT ON TYPE public.ticket_verification IS
    'What verify_ticket says of a token: valid (it would be let in now), the reason (valid, malformed, tampered, foreign, unknown, revoked, cancelled, event_cancelled, unpaid, used), the registration and event of a genuine current token, and for the event''s organizers, the attendee and server-side code the registration''s status, name and check-in time.';

CREATE TYPE public.check_in_result AS (
    outcome text,
    registration_id uuid,
    attendee_name text,
    ticket_tier text,
    checked_in_at timestamptz,
    message text
);
COMMENT ON TYPE public.check_in_result IS
    'The answer of check_in at the door: outcome checked_in or already_checked_in, the attendee, the tier, the time of the (first) scan and a message for the door staff.';

CREATE TYPE public.ticket_signing_key AS (
    key_id text,
    algorithm text,
    public_key text,
    created_at timestamptz
);
COMMENT ON TYPE public.ticket_signing_key IS
    'A public key that verifies ticket tokens: key id, algorithm (Ed25519), the key (base64url) and when it was made.';

CREATE TYPE public.event_settings_values AS (
    event_id uuid,
    time_zone text,
    walk_min_gap integer,
    hold_minutes integer,
    call_time_minutes integer,
    buyer_max_tickets integer,
    buyer_max_tickets_per_tier integer,
    buyer_max_holds integer,
    waitlist_offer_minutes integer
);
COMMENT ON TYPE public.event_settings_values IS
    'The settings in force for an event: time zone, minimum walk-order gap, ticket hold minutes, call time minutes, the limits per buyer (attendee e-mail) of its ticket sales (live tickets of the event, live tickets of one tier, unpaid tickets on hold), and how long a waitlist offer waits for its claim.';

CREATE TYPE public.walk_order_violation AS (
    violation text,
    event_model_ids uuid[],
    walk_orders integer[],
    message text
);
COMMENT ON TYPE public.walk_order_violation IS
    'One problem of a line-up (validate_walk_order): the kind, the castings involved, their walk orders and a message.';

CREATE TYPE public.booking_conflict AS (
    resource_type text,
    resource_id uuid,
    severity text,
    overlap_start timestamptz,
    overlap_end timestamptz,
    source_table text,
    source_id uuid,
    event_id uuid,
    starts_at timestamptz,
    ends_at timestamptz,
    status text,
    other_source_table text,
    other_source_id uuid,
    other_event_id uuid,
    other_starts_at timestamptz,
    other_ends_at timestamptz,
    other_status text
);
COMMENT ON TYPE public.booking_conflict IS
    'Two bookings of one resource by different engagements at overlapping times (find_conflicts, event_conflicts): the resource, severity (hard, tentative, or busy when the other booking is another organization''s, shown as an anonymous span), the overlap, and both bookings (source table, id, event, range, status).';

CREATE TYPE public.guest_ticket AS (
    guest integer,
    attendee_email text,
    attendee_name text,
    registration_id uuid,
    status text,
    qr_code_data text,
    payment_id uuid,
    issued boolean
);
COMMENT ON TYPE public.guest_ticket IS
    'One ticket of a guest list (issue_guest_list): the guest''s position in the list (1 = first), the attendee as stored, the registration, its status and token, its payment when the tier is priced, and whether this call issued it (false: the guest held it already).';

CREATE TYPE public.ticket_tier_sale AS (
    ticket_tier_id uuid,
    event_id uuid,
    name text,
    type text,
    price numeric,
    quantity_total integer,
    quantity_sold integer,
    tickets_left integer,
    sale text,
    closed_at timestamptz,
    waiting integer
);
COMMENT ON TYPE public.ticket_tier_sale IS
    'A tier''s sale as a shop or the back office shows it (ticket_tier_sales, close_ticket_tier, reopen_ticket_tier): sale is on_sale, sold_out, closed (close_ticket_tier), not_on_sale_yet (quantity_total 0), event_not_on_sale, or organizers_only (comp and press); closed_at when closed; waiting (entries in its waitlist) for the event''s organizers and server-side code only.';

CREATE TYPE public.ticket_exchange AS (
    registration_id uuid,
    ticket_tier_id uuid,
    new_registration_id uuid,
    new_ticket_tier_id uuid,
    attendee_email text,
    exchanged_at timestamptz,
    exchanged_by uuid,
    price numeric,
    paid_before numeric,
    difference_payment_id uuid,
    difference numeric,
    difference_status text,
    ticket_now uuid,
    ticket_now_status text
);
COMMENT ON TYPE public.ticket_exchange IS
    'One exchange of a ticket for a ticket of another tier (list_ticket_exchanges): the registration given back and its tier, the new registration and its tier, its attendee, when and by whom, what the new ticket cost then (price), what the chain of exchanges had paid before and still holds (completed payments), the difference''s payment (its amount and status; null when nothing was owed), and the ticket the chain is now (after later exchanges) with its status.';

CREATE TYPE public.event_listing AS (
    event_id uuid,
    name text,
    description text,
    type text,
    status text,
    start_date timestamptz,
    end_date timestamptz,
    venue_name text,
    venue_address text,
    organization text,
    organization_slug text,
    tickets_left integer,
    lowest_price numeric
);
COMMENT ON TYPE public.event_listing IS
    'An event on sale as the public sees it (events_on_sale): no budget, attendance or internal columns.';

CREATE TYPE public.my_ticket AS (
    registration_id uuid,
    status text,
    qr_code_data text,
    attendee_name text,
    attendee_email text,
    checked_in_at timestamptz,
    reserved_at timestamptz,
    ticket_tier_id uuid,
    tier_name text,
    tier_type text,
    event_id uuid,
    event_name text,
    event_status text,
    start_date timestamptz,
    end_date timestamptz,
    venue_name text,
    venue_address text,
    organization text,
    organization_slug text,
    payment_id uuid,
    payment_status text,
    amount numeric,
    currency text,
    hold_expires_at timestamptz,
    exchanged_into uuid
);
COMMENT ON TYPE public.my_ticket IS
    'A ticket of the signed-in user as he sees it (my_tickets): the registration (its token while it admits or may still be paid), its tier, its event''s public columns, its payment and the hold''s deadline, and, for a ticket given back in an exchange, the ticket it is now (exchanged_into).';

CREATE TYPE public.booking_option AS (
    option_id uuid,
    resource_type text,
    resource_id uuid,
    event_id uuid,
    starts_at timestamptz,
    ends_at timestamptz,
    status text,
    rank integer,
    requested_rank integer,
    expires_at timestamptz,
    requested_at timestamptz,
    promoted_at timestamptz,
    booking_id uuid,
    busy boolean
);
COMMENT ON TYPE public.booking_option IS
    'An option on a venue, model or designer for an event (request_option, confirm_option, decline_option, release_option, list_options): its range, status (open, confirmed, declined, released, expired), rank among the live options on overlapping ranges (1 = 1st; null when not live), the rank it was requested at, expiry, when it became 1st, the booking a confirmation made, and busy: an open option whose range another engagement''s booking or blocked time overlaps (a booking made without an option, such as an agency''s or the owner''s own), which a confirmation would collide with until it is released.';

CREATE TYPE public.door_scan_result AS (
    scan_index integer,
    outcome text,
    reason text,
    registration_id uuid,
    attendee_name text,
    scanned_at timestamptz,
    gate text,
    first_scanned_at timestamptz,
    first_gate text,
    replayed boolean,
    displaced_scanned_at timestamptz,
    displaced_gate text
);
COMMENT ON TYPE public.door_scan_result IS
    'The answer to one offline scan (sync_door_scans): its index in the batch, outcome admitted, duplicate or refused, the reason of a refusal (malformed, tampered, foreign, wrong_event, unknown, revoked, cancelled, unpaid, event_cancelled, cancelled_after_scan), the registration and attendee, the scan, the first scan of the ticket (time and gate; gate online for check_in), whether the scan had been synced before (replayed), and the later admission an earlier scan displaced (a second person on the ticket: its time and gate).';

CREATE TYPE public.payment_webhook_result AS (
    provider text,
    event_id text,
    event_type text,
    outcome text,
    payment_id uuid,
    payment_status text,
    registration_status text,
    changed boolean
);
COMMENT ON TYPE public.payment_webhook_result IS
    'What payment_webhook did with a verified event: provider, event id and type, outcome (completed, failed, refunded, ignored, duplicate), the payment and its registration after it (the named payment, or the first one the event paid or refunded when it did not act on the named one), and whether anything changed.';

CREATE TYPE public.talent_name AS (
    profile_id uuid,
    kind text,
    user_id uuid,
    full_name text,
    avatar_url text
);
COMMENT ON TYPE public.talent_name IS
    'A profile of the talent directory with the name and picture of its user (talent_names): profile id, kind (model or designer), user id, full_name, avatar_url.';

CREATE TYPE public.talent_schedule_item AS (
    kind text,
    profile_id uuid,
    profile_kind text,
    source_id uuid,
    event_id uuid,
    event_name text,
    event_status text,
    organization_name text,
    time_zone text,
    starts_at timestamptz,
    ends_at timestamptz,
    local_start text,
    status text,
    rank integer,
    location text
);
COMMENT ON TYPE public.talent_schedule_item IS
    'An item of a talent''s schedule (my_schedule): kind (call_time, booking, option, casting), her profile, the row (source_id), its event with its name, status, organization and time zone, the UTC start and end, the local start with its offset, its status (booking or option status, fitting status), rank (an option''s; a casting''s walk or collection order) and a call time''s location.';

CREATE TYPE public.waitlist_entry AS (
    entry_id uuid,
    ticket_tier_id uuid,
    event_id uuid,
    attendee_email text,
    attendee_name text,
    status text,
    position integer,
    registration_id uuid,
    offer_expires_at timestamptz,
    joined_at timestamptz,
    claim_token text
);
CREATE TYPE public.waitlist_offer_notice AS (
    entry_id uuid,
    event_id uuid,
    event_name text,
    ticket_tier_id uuid,
    tier_name text,
    user_id uuid,
    attendee_email text,
    attendee_name text,
    offer_expires_at timestamptz
);
COMMENT ON TYPE public.waitlist_offer_notice IS
    'The notice of a waitlist offer (take_waitlist_offers): the entry, its event and tier, the waiter (user if signed in, e-mail and name) and the deadline of the offer.';

COMMENT ON TYPE public.waitlist_entry IS
    'A waitlist entry (join_waitlist, waitlist_status, leave_waitlist, list_waitlist): the tier and event, the attendee, its status (waiting, offered, claimed, lapsed, left), its position among the waiting entries of the tier (1 = next; null when not waiting), the registration an offer holds and until when it holds it, when it joined, and the claim token (join_waitlist only: returned once, stored hashed).';

CREATE TYPE public.imported_ticket AS (
    legacy_id text,
    registration_id uuid,
    payment_id uuid,
    status text,
    imported boolean
);
COMMENT ON TYPE public.imported_ticket IS
    'A ticket of an import_tickets call: its id on the old platform, the registration and payment it became here, the registration''s status, and whether this call imported it (false: an earlier run had, and nothing was changed).';

CREATE TYPE public.ticket_inventory AS (
    event_id uuid,
    ticket_tier_id uuid,
    quantity_total integer,
    quantity_sold integer,
    live_registrations integer
);
COMMENT ON TYPE public.ticket_inventory IS
    'A tier whose quantity_sold differs from its live registrations (check_ticket_inventory), or was set to them (recount_ticket_tiers: quantity_sold before the recount).';
