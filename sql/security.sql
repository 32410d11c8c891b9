-- security.sql: row level security of the 52 tables of public, the helpers the policies call, the
-- grants. docs/security.md has the access matrix this file implements and the reasons behind it.
--
-- Loaded after every table file. It installs whatever state those files are in: a table that does
-- not exist (yet) is skipped with a WARNING, and its policies are not created, so an incomplete
-- schema installs and stays closed (row level security is enabled on every table that exists, and
-- a table without policies shows nothing to anon and authenticated). The regress tests rls_lint and
-- rls_matrix fail until all 52 tables have their policies.
--
-- Rules (Supabase's recommendations):
--   * every policy names its role: TO authenticated, and TO anon only where anon is meant to read;
--     service_role has BYPASSRLS and needs none. One permissive policy per table, role and action.
--   * auth.uid() and the helpers are called as (SELECT ...), so they run once per statement
--     (an InitPlan), not once per row.
--   * the helpers are SECURITY DEFINER, STABLE, SET search_path = '' and live in fashionos, which
--     PostgREST does not expose; EXECUTE is granted only to the roles whose policies call them.
--   * a row that belongs to an organization through a parent (event_id -> events, ...) is checked
--     with a correlated EXISTS on the parent's primary key: the planner probes the parent once per
--     row when few rows are read and hashes the organization's parents when many are
--     (docs/security.md, "Performance").
--   * every column a policy filters by is a foreign key and leads an index (ensured below).

-- The helpers are PL/pgSQL: the plans of their queries are cached for the session, where a SQL
-- function that cannot be inlined (SECURITY DEFINER, SET) plans its body again in every statement
-- that calls it, which costs more than the point lookup it guards (docs/security.md, "Performance").
-- PL/pgSQL also resolves the tables it reads when it runs, so this file installs while one is missing.

-- The helpers the policies call (fashionos.my_org_id() and the like) are the access layer's:
-- sql/access.sql.

-- =============================================================================================
-- Installer (dropped at the end of this file): runs the policy statements of one table, all or
-- none. A missing table, or a missing table a policy reads, skips that table with a WARNING.
-- =============================================================================================
CREATE FUNCTION fashionos.security_install(p_table text, VARIADIC p_statements text[]) RETURNS void
    LANGUAGE plpgsql
    SET search_path = ''
    AS $$
DECLARE
    v_statement text;
BEGIN
    IF pg_catalog.to_regclass('public.' || p_table) IS NULL THEN
        RAISE WARNING 'fashionos security: table public.% does not exist; its policies are not installed', p_table;
        RETURN;
    END IF;
    FOREACH v_statement IN ARRAY p_statements LOOP
        EXECUTE v_statement;
    END LOOP;
EXCEPTION WHEN undefined_table OR undefined_column OR undefined_function THEN
    RAISE WARNING 'fashionos security: policies of public.% not installed: %', p_table, SQLERRM;
END
$$;
REVOKE ALL ON FUNCTION fashionos.security_install(text, text[]) FROM PUBLIC;

-- =============================================================================================
-- Row level security on (the grants are sql/grants.sql's). The table list is the 52 tables of fashionos, so
-- that tables of the database's own in public are left alone.
-- =============================================================================================
DO $do$
DECLARE
    v_table text;
    v_columns text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY[
        -- base
        'organizations', 'users', 'events', 'tasks', 'sponsors', 'budget_items', 'assets', 'campaigns',
        -- ticketing, event structure, venues, teams
        'ticket_tiers', 'registrations', 'payments',
        'event_phases', 'event_schedules', 'event_rehearsals', 'event_assets',
        'venues', 'venue_availability',
        'stakeholders', 'event_stakeholders', 'task_assignees', 'organizer_teams', 'organizer_team_members',
        -- casting, designers, sponsorship, shoots
        'model_agencies', 'model_profiles', 'event_models', 'model_availability', 'call_times',
        'fashion_brands', 'designer_profiles', 'event_designers', 'designer_availability',
        'sponsor_organizations', 'event_sponsors_junction', 'sponsorship_packages',
        'shoots', 'shoot_items', 'shoot_assets', 'shoot_payments',
        -- media, social, commerce
        'media_size_specs', 'asset_variants', 'cloudinary_assets', 'asset_links',
        'instagram_connections', 'instagram_posts', 'facebook_connections', 'facebook_posts',
        'shopify_shops', 'shopify_products', 'shopify_media_links',
        'amazon_connections', 'amazon_products', 'amazon_media_links']
    LOOP
        CONTINUE WHEN pg_catalog.to_regclass('public.' || v_table) IS NULL;
        EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', v_table);
    END LOOP;

END
$do$;

-- Every foreign key column leads an index; the policies filter only by foreign key columns. The
-- table files create these indexes; this adds idx_<table>_<column> where one is missing.
DO $do$
DECLARE
    v record;
BEGIN
    FOR v IN
        SELECT c.conrelid::regclass AS tbl, t.relname, a.attname
          FROM pg_catalog.pg_constraint c
          JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         WHERE c.contype = 'f' AND n.nspname = 'public' AND cardinality(c.conkey) = 1
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                            WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
    LOOP
        EXECUTE format('CREATE INDEX %I ON %s (%I)', 'idx_' || v.relname || '_' || v.attname, v.tbl, v.attname);
    END LOOP;
END
$do$;

-- =============================================================================================
-- Tables of an organization: the spec's template, carried through the parents.
--
-- For each table: the path to its organization, as an expression in which $ORG stands for the
-- organization to compare with. The four policies (all TO authenticated):
--   select: path with $ORG = my_org_id()        (every member reads; OR the table's extra reader)
--   insert: path with $ORG = my_write_org_id()  (owner, admin, organizer create; AND extra checks)
--   update: path with $ORG = my_write_org_id() for the old row and for the new row, so a row is
--           never moved into another organization (AND extra checks on the new row)
--   delete: path with $ORG = my_admin_org_id()  (owner, admin delete)
-- The extra checks keep the other references of a written row inside the organization: its users
-- (assignee, team owner, approver, creator), stakeholders, assets, products, ticket tier.
-- =============================================================================================
DO $do$
DECLARE
    -- paths
    c_direct constant text := '$T.organization_id = $ORG';
    c_event constant text :=
        'EXISTS (SELECT 1 FROM public.events AS e WHERE e.id = $T.event_id AND e.organization_id = $ORG)';
    c_task constant text :=
        'EXISTS (SELECT 1 FROM public.tasks AS p JOIN public.events AS e ON e.id = p.event_id '
        'WHERE p.id = $T.task_id AND e.organization_id = $ORG)';
    c_team constant text :=
        'EXISTS (SELECT 1 FROM public.organizer_teams AS p WHERE p.id = $T.team_id AND p.organization_id = $ORG)';
    c_shoot constant text :=
        'EXISTS (SELECT 1 FROM public.shoots AS p WHERE p.id = $T.shoot_id AND p.organization_id = $ORG)';
    c_registration constant text :=
        'EXISTS (SELECT 1 FROM public.registrations AS p JOIN public.events AS e ON e.id = p.event_id '
        'WHERE p.id = $T.registration_id AND e.organization_id = $ORG)';
    c_asset constant text :=
        'EXISTS (SELECT 1 FROM public.assets AS p JOIN public.events AS e ON e.id = p.event_id '
        'WHERE p.id = $T.asset_id AND e.organization_id = $ORG)';
    -- connections belong to their user, and through the user to his organization
    c_connection constant text :=
        'EXISTS (SELECT 1 FROM public.$P AS p JOIN public.users AS u ON u.id = p.user_id '
        'WHERE p.id = $T.$C AND u.organization_id = $ORG)';
    -- references that must stay inside the caller's organization
    c_member constant text := '$T.$C IN (SELECT fashionos.my_org_user_ids())';
    c_member_or_null constant text := '($T.$C IS NULL OR $T.$C IN (SELECT fashionos.my_org_user_ids()))';
    c_stakeholder_or_null constant text :=
        '($T.stakeholder_id IS NULL OR EXISTS (SELECT 1 FROM public.stakeholders AS s '
        'WHERE s.id = $T.stakeholder_id AND s.user_id IN (SELECT fashionos.my_org_user_ids())))';
    c_self constant text := '$T.$C = (SELECT auth.uid())';
    c_asset_or_null constant text :=
        '($T.asset_id IS NULL OR EXISTS (SELECT 1 FROM public.assets AS a JOIN public.events AS e ON e.id = a.event_id '
        'WHERE a.id = $T.asset_id AND e.organization_id = (SELECT fashionos.my_org_id())))';
    v record;
    v_select text;
    v_write text;
    v_admin text;
BEGIN
    FOR v IN
        SELECT * FROM (VALUES
            -- table, path, parent table and column ($P, $C in the path), extra reader, extra insert check, extra update check
            ('events', c_direct, NULL, NULL, NULL,
                replace(c_self, '$C', 'created_by'), replace(c_member, '$C', 'created_by')),
            ('campaigns', c_direct, NULL, NULL, NULL,
                replace(c_self, '$C', 'created_by'), replace(c_member, '$C', 'created_by')),
            ('shoots', c_direct, NULL, NULL, NULL,
                replace(c_self, '$C', 'created_by'), replace(c_member, '$C', 'created_by')),
            ('organizer_teams', c_direct, NULL, NULL, NULL,
                replace(c_member, '$C', 'owner_id'), replace(c_member, '$C', 'owner_id')),
            ('tasks', c_event, NULL, NULL, NULL,
                replace(c_member_or_null, '$C', 'assigned_to'), replace(c_member_or_null, '$C', 'assigned_to')),
            ('sponsors', c_event, NULL, NULL, NULL, NULL, NULL),
            ('budget_items', c_event, NULL, NULL, NULL, NULL, NULL),
            ('assets', c_event, NULL, NULL, NULL,
                replace(c_self, '$C', 'uploaded_by'), replace(c_member, '$C', 'uploaded_by')),
            ('ticket_tiers', c_event, NULL, NULL,
                -- the public reads the tiers of events on sale
                '(SELECT fashionos.event_on_sale($T.event_id))', NULL, NULL),
            ('registrations', c_event, NULL, NULL,
                -- an attendee reads his own registrations; buying goes through reserve_tickets
                '$T.user_id = (SELECT auth.uid())',
                'EXISTS (SELECT 1 FROM public.ticket_tiers AS tt WHERE tt.id = $T.ticket_tier_id AND tt.event_id = $T.event_id)',
                'EXISTS (SELECT 1 FROM public.ticket_tiers AS tt WHERE tt.id = $T.ticket_tier_id AND tt.event_id = $T.event_id)'),
            ('payments', c_registration, NULL, NULL,
                -- an attendee reads the payments of his registrations and the payments he made
                '$T.payer_id = (SELECT auth.uid()) OR EXISTS (SELECT 1 FROM public.registrations AS r '
                'WHERE r.id = $T.registration_id AND r.user_id = (SELECT auth.uid()))', NULL, NULL),
            ('event_phases', c_event, NULL, NULL, NULL, NULL, NULL),
            ('event_schedules', c_event, NULL, NULL, NULL, NULL, NULL),
            ('event_rehearsals', c_event, NULL, NULL, NULL, NULL, NULL),
            ('event_assets', c_event, NULL, NULL, NULL, NULL, NULL),
            ('event_stakeholders', c_event, NULL, NULL, NULL, c_stakeholder_or_null, c_stakeholder_or_null),
            ('task_assignees', c_task, NULL, NULL, NULL,
                replace(c_member_or_null, '$C', 'user_id') || ' AND ' || c_stakeholder_or_null,
                replace(c_member_or_null, '$C', 'user_id') || ' AND ' || c_stakeholder_or_null),
            ('organizer_team_members', c_team, NULL, NULL, NULL,
                replace(c_member_or_null, '$C', 'user_id') || ' AND ' || c_stakeholder_or_null,
                replace(c_member_or_null, '$C', 'user_id') || ' AND ' || c_stakeholder_or_null),
            ('event_models', c_event, NULL, NULL,
                -- a model reads his castings
                '$T.model_profile_id IN (SELECT fashionos.my_model_profile_ids())', NULL, NULL),
            ('call_times', c_event, NULL, NULL,
                -- a model reads his call times
                '$T.model_profile_id IN (SELECT fashionos.my_model_profile_ids())',
                c_stakeholder_or_null, c_stakeholder_or_null),
            ('event_designers', c_event, NULL, NULL,
                -- a designer reads his line-ups
                '$T.designer_profile_id IN (SELECT fashionos.my_designer_profile_ids())', NULL, NULL),
            ('event_sponsors_junction', c_event, NULL, NULL, NULL, NULL, NULL),
            ('shoot_items', c_shoot, NULL, NULL, NULL, NULL, NULL),
            ('shoot_assets', c_shoot, NULL, NULL, NULL,
                replace(c_member_or_null, '$C', 'approved_by'), replace(c_member_or_null, '$C', 'approved_by')),
            ('shoot_payments', c_shoot, NULL, NULL, NULL, NULL, NULL),
            ('asset_variants', c_asset, NULL, NULL, NULL, NULL, NULL),
            ('cloudinary_assets', c_asset, NULL, NULL, NULL, NULL, NULL),
            ('asset_links', c_asset, NULL, NULL, NULL, NULL, NULL),
            ('instagram_posts', c_connection, 'instagram_connections', 'connection_id', NULL,
                c_asset_or_null, c_asset_or_null),
            ('facebook_posts', c_connection, 'facebook_connections', 'connection_id', NULL,
                c_asset_or_null, c_asset_or_null),
            ('shopify_products', c_connection, 'shopify_shops', 'shop_id', NULL, NULL, NULL),
            ('amazon_products', c_connection, 'amazon_connections', 'connection_id', NULL, NULL, NULL),
            ('shopify_media_links', c_asset, NULL, NULL, NULL,
                'EXISTS (SELECT 1 FROM public.shopify_products AS pr JOIN public.shopify_shops AS sh ON sh.id = pr.shop_id '
                'WHERE pr.id = $T.shopify_product_id AND sh.user_id IN (SELECT fashionos.my_org_user_ids()))',
                'EXISTS (SELECT 1 FROM public.shopify_products AS pr JOIN public.shopify_shops AS sh ON sh.id = pr.shop_id '
                'WHERE pr.id = $T.shopify_product_id AND sh.user_id IN (SELECT fashionos.my_org_user_ids()))'),
            ('amazon_media_links', c_asset, NULL, NULL, NULL,
                'EXISTS (SELECT 1 FROM public.amazon_products AS pr JOIN public.amazon_connections AS ac ON ac.id = pr.connection_id '
                'WHERE pr.id = $T.amazon_product_id AND ac.user_id IN (SELECT fashionos.my_org_user_ids()))',
                'EXISTS (SELECT 1 FROM public.amazon_products AS pr JOIN public.amazon_connections AS ac ON ac.id = pr.connection_id '
                'WHERE pr.id = $T.amazon_product_id AND ac.user_id IN (SELECT fashionos.my_org_user_ids()))')
          ) AS t (tbl, path, path_parent, path_column, read_extra, insert_extra, update_extra)
    LOOP
        v_select := replace(replace(replace(v.path, '$P', coalesce(v.path_parent, '')), '$C', coalesce(v.path_column, '')),
                            '$T', v.tbl);
        v_write := replace(v_select, '$ORG', '(SELECT fashionos.my_write_org_id())');
        v_admin := replace(v_select, '$ORG', '(SELECT fashionos.my_admin_org_id())');
        v_select := replace(v_select, '$ORG', '(SELECT fashionos.my_org_id())');
        PERFORM fashionos.security_install(v.tbl,
            format('CREATE POLICY %I ON public.%I FOR SELECT TO authenticated USING (%s)',
                   v.tbl || '_select', v.tbl,
                   v_select || coalesce(' OR ' || replace(v.read_extra, '$T', v.tbl), '')),
            format('CREATE POLICY %I ON public.%I FOR INSERT TO authenticated WITH CHECK (%s)',
                   v.tbl || '_insert', v.tbl,
                   v_write || coalesce(' AND ' || replace(v.insert_extra, '$T', v.tbl), '')),
            format('CREATE POLICY %I ON public.%I FOR UPDATE TO authenticated USING (%s) WITH CHECK (%s)',
                   v.tbl || '_update', v.tbl, v_write,
                   v_write || coalesce(' AND ' || replace(v.update_extra, '$T', v.tbl), '')),
            format('CREATE POLICY %I ON public.%I FOR DELETE TO authenticated USING (%s)',
                   v.tbl || '_delete', v.tbl, v_admin));
    END LOOP;
END
$do$;

-- anon reads the ticket tiers of events on sale, nothing else anywhere.
SELECT fashionos.security_install('ticket_tiers',
$$CREATE POLICY ticket_tiers_select_anon ON public.ticket_tiers FOR SELECT TO anon
    USING ((SELECT fashionos.event_on_sale(ticket_tiers.event_id)))$$);

-- =============================================================================================
-- organizations and users
-- =============================================================================================

-- A member reads his organization; owner and admin update it (not its plan, which billing sets
-- server-side); only the owner deletes it. Organizations are created server-side (signup).
SELECT fashionos.security_install('organizations',
$$CREATE POLICY organizations_select ON public.organizations FOR SELECT TO authenticated
    USING (id = (SELECT fashionos.my_org_id()))$$,
$$CREATE POLICY organizations_update ON public.organizations FOR UPDATE TO authenticated
    USING (id = (SELECT fashionos.my_admin_org_id()))
    WITH CHECK (id = (SELECT fashionos.my_admin_org_id()) AND plan = (SELECT fashionos.my_org_plan()))$$,
$$CREATE POLICY organizations_delete ON public.organizations FOR DELETE TO authenticated
    USING (id = (SELECT fashionos.my_org_id()) AND (SELECT fashionos.my_role()) = 'owner')$$);

-- A member reads the users of his organization (his own row included). Everybody updates his own
-- profile but not his role or organization; owner and admin manage the users of their
-- organization (an admin not the owners, and only an owner makes an owner) and delete them;
-- nobody moves a user into another organization. users rows are created server-side (signup,
-- invitations): there is no INSERT policy.
SELECT fashionos.security_install('users',
$$CREATE POLICY users_select ON public.users FOR SELECT TO authenticated
    USING (id = (SELECT auth.uid()) OR organization_id = (SELECT fashionos.my_org_id()))$$,
$$CREATE POLICY users_update ON public.users FOR UPDATE TO authenticated
    USING (id = (SELECT auth.uid())
           OR (organization_id = (SELECT fashionos.my_admin_org_id())
               AND (role <> 'owner' OR (SELECT fashionos.my_role()) = 'owner')))
    WITH CHECK ((id = (SELECT auth.uid())
                 AND role = (SELECT fashionos.my_role())
                 AND organization_id = (SELECT fashionos.my_org_id()))
                OR (organization_id = (SELECT fashionos.my_admin_org_id())
                    AND id IN (SELECT fashionos.my_org_user_ids())
                    AND (role <> 'owner' OR (SELECT fashionos.my_role()) = 'owner')))$$,
$$CREATE POLICY users_delete ON public.users FOR DELETE TO authenticated
    USING (organization_id = (SELECT fashionos.my_admin_org_id())
           AND (role <> 'owner' OR (SELECT fashionos.my_role()) = 'owner'))$$);

-- =============================================================================================
-- Personal rows: they belong to their user, who alone writes them.
-- =============================================================================================

-- Directories of people and places: every signed-in user reads them (organizers browse venues,
-- models and designers to book and cast them).
SELECT fashionos.security_install('venues',
$$CREATE POLICY venues_select ON public.venues FOR SELECT TO authenticated
    USING ((SELECT auth.uid()) IS NOT NULL)$$,
$$CREATE POLICY venues_insert ON public.venues FOR INSERT TO authenticated
    WITH CHECK (owner_id = (SELECT auth.uid()))$$,
$$CREATE POLICY venues_update ON public.venues FOR UPDATE TO authenticated
    USING (owner_id = (SELECT auth.uid())) WITH CHECK (owner_id = (SELECT auth.uid()))$$,
$$CREATE POLICY venues_delete ON public.venues FOR DELETE TO authenticated
    USING (owner_id = (SELECT auth.uid()))$$);

SELECT fashionos.security_install('model_profiles',
$$CREATE POLICY model_profiles_select ON public.model_profiles FOR SELECT TO authenticated
    USING ((SELECT auth.uid()) IS NOT NULL)$$,
$$CREATE POLICY model_profiles_insert ON public.model_profiles FOR INSERT TO authenticated
    WITH CHECK (user_id = (SELECT auth.uid()))$$,
$$CREATE POLICY model_profiles_update ON public.model_profiles FOR UPDATE TO authenticated
    USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()))$$,
$$CREATE POLICY model_profiles_delete ON public.model_profiles FOR DELETE TO authenticated
    USING (user_id = (SELECT auth.uid()))$$);

SELECT fashionos.security_install('designer_profiles',
$$CREATE POLICY designer_profiles_select ON public.designer_profiles FOR SELECT TO authenticated
    USING ((SELECT auth.uid()) IS NOT NULL)$$,
$$CREATE POLICY designer_profiles_insert ON public.designer_profiles FOR INSERT TO authenticated
    WITH CHECK (user_id = (SELECT auth.uid()))$$,
$$CREATE POLICY designer_profiles_update ON public.designer_profiles FOR UPDATE TO authenticated
    USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()))$$,
$$CREATE POLICY designer_profiles_delete ON public.designer_profiles FOR DELETE TO authenticated
    USING (user_id = (SELECT auth.uid()))$$);

-- A venue's calendar is read with the directory; its owner writes it, and links a slot only to an
-- event of his own organization. Organizers book venues through the availability functions.
SELECT fashionos.security_install('venue_availability',
$$CREATE POLICY venue_availability_select ON public.venue_availability FOR SELECT TO authenticated
    USING ((SELECT auth.uid()) IS NOT NULL)$$,
$$CREATE POLICY venue_availability_insert ON public.venue_availability FOR INSERT TO authenticated
    WITH CHECK (EXISTS (SELECT 1 FROM public.venues AS v
                         WHERE v.id = venue_availability.venue_id AND v.owner_id = (SELECT auth.uid()))
                AND (event_id IS NULL
                     OR EXISTS (SELECT 1 FROM public.events AS e
                                 WHERE e.id = venue_availability.event_id
                                   AND e.organization_id = (SELECT fashionos.my_org_id()))))$$,
$$CREATE POLICY venue_availability_update ON public.venue_availability FOR UPDATE TO authenticated
    USING (EXISTS (SELECT 1 FROM public.venues AS v
                    WHERE v.id = venue_availability.venue_id AND v.owner_id = (SELECT auth.uid())))
    WITH CHECK (EXISTS (SELECT 1 FROM public.venues AS v
                         WHERE v.id = venue_availability.venue_id AND v.owner_id = (SELECT auth.uid()))
                AND (event_id IS NULL
                     OR EXISTS (SELECT 1 FROM public.events AS e
                                 WHERE e.id = venue_availability.event_id
                                   AND e.organization_id = (SELECT fashionos.my_org_id()))))$$,
$$CREATE POLICY venue_availability_delete ON public.venue_availability FOR DELETE TO authenticated
    USING (EXISTS (SELECT 1 FROM public.venues AS v
                    WHERE v.id = venue_availability.venue_id AND v.owner_id = (SELECT auth.uid())))$$);

-- A talent's calendar: he reads all of it and writes his open slots (available, tentative, no
-- event); booked slots and slots for an event are written by the casting and availability
-- functions. The organization of a slot's event reads it.
SELECT fashionos.security_install('model_availability',
$$CREATE POLICY model_availability_select ON public.model_availability FOR SELECT TO authenticated
    USING (model_profile_id IN (SELECT fashionos.my_model_profile_ids())
           OR EXISTS (SELECT 1 FROM public.events AS e
                       WHERE e.id = model_availability.event_id
                         AND e.organization_id = (SELECT fashionos.my_org_id())))$$,
$$CREATE POLICY model_availability_insert ON public.model_availability FOR INSERT TO authenticated
    WITH CHECK (model_profile_id IN (SELECT fashionos.my_model_profile_ids())
                AND status IN ('available', 'tentative') AND event_id IS NULL)$$,
$$CREATE POLICY model_availability_update ON public.model_availability FOR UPDATE TO authenticated
    USING (model_profile_id IN (SELECT fashionos.my_model_profile_ids())
           AND status IN ('available', 'tentative') AND event_id IS NULL)
    WITH CHECK (model_profile_id IN (SELECT fashionos.my_model_profile_ids())
                AND status IN ('available', 'tentative') AND event_id IS NULL)$$,
$$CREATE POLICY model_availability_delete ON public.model_availability FOR DELETE TO authenticated
    USING (model_profile_id IN (SELECT fashionos.my_model_profile_ids())
           AND status IN ('available', 'tentative') AND event_id IS NULL)$$);

SELECT fashionos.security_install('designer_availability',
$$CREATE POLICY designer_availability_select ON public.designer_availability FOR SELECT TO authenticated
    USING (designer_profile_id IN (SELECT fashionos.my_designer_profile_ids())
           OR EXISTS (SELECT 1 FROM public.events AS e
                       WHERE e.id = designer_availability.event_id
                         AND e.organization_id = (SELECT fashionos.my_org_id())))$$,
$$CREATE POLICY designer_availability_insert ON public.designer_availability FOR INSERT TO authenticated
    WITH CHECK (designer_profile_id IN (SELECT fashionos.my_designer_profile_ids())
                AND status IN ('available', 'tentative') AND event_id IS NULL)$$,
$$CREATE POLICY designer_availability_update ON public.designer_availability FOR UPDATE TO authenticated
    USING (designer_profile_id IN (SELECT fashionos.my_designer_profile_ids())
           AND status IN ('available', 'tentative') AND event_id IS NULL)
    WITH CHECK (designer_profile_id IN (SELECT fashionos.my_designer_profile_ids())
                AND status IN ('available', 'tentative') AND event_id IS NULL)$$,
$$CREATE POLICY designer_availability_delete ON public.designer_availability FOR DELETE TO authenticated
    USING (designer_profile_id IN (SELECT fashionos.my_designer_profile_ids())
           AND status IN ('available', 'tentative') AND event_id IS NULL)$$);

-- Contacts and OAuth connections: the owner writes them; the users of his organization read them
-- (colleagues staff events with the contacts and publish through the connections). The
-- access_token column is not readable at all (column privileges above). A stakeholder without a
-- user belongs to nobody and is reached by server-side code only.
DO $do$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['stakeholders', 'instagram_connections', 'facebook_connections',
                                   'shopify_shops', 'amazon_connections'] LOOP
        PERFORM fashionos.security_install(v_table,
            format('CREATE POLICY %I ON public.%I FOR SELECT TO authenticated USING (user_id IN (SELECT fashionos.my_org_user_ids()))',
                   v_table || '_select', v_table),
            format('CREATE POLICY %I ON public.%I FOR INSERT TO authenticated WITH CHECK (user_id = (SELECT auth.uid()))',
                   v_table || '_insert', v_table),
            format('CREATE POLICY %I ON public.%I FOR UPDATE TO authenticated USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()))',
                   v_table || '_update', v_table),
            format('CREATE POLICY %I ON public.%I FOR DELETE TO authenticated USING (user_id = (SELECT auth.uid()))',
                   v_table || '_delete', v_table));
    END LOOP;
END
$do$;

-- =============================================================================================
-- Shared directories without an owner: every signed-in user reads them; owners, admins and
-- organizers of any organization add entries; changing or removing an entry that other
-- organizations' rows point at is left to server-side code (no UPDATE or DELETE policy).
-- =============================================================================================
DO $do$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['model_agencies', 'fashion_brands', 'sponsor_organizations',
                                   'sponsorship_packages', 'media_size_specs'] LOOP
        PERFORM fashionos.security_install(v_table,
            format('CREATE POLICY %I ON public.%I FOR SELECT TO authenticated USING ((SELECT auth.uid()) IS NOT NULL)',
                   v_table || '_select', v_table),
            format('CREATE POLICY %I ON public.%I FOR INSERT TO authenticated WITH CHECK ((SELECT fashionos.my_write_org_id()) IS NOT NULL)',
                   v_table || '_insert', v_table));
    END LOOP;
END
$do$;

DROP FUNCTION fashionos.security_install(text, text[]);
