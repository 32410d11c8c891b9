-- security.sql: row level security of the extension's tables of public and their policies.
-- docs/security.md has the access matrix this file implements and the reasons behind it; the
-- regress test policies (tests/pg_regress/expected/policies.out) lists every policy it creates.
--
-- Loaded after every table file (the load order is src/lib.rs's). Every statement here is loud:
-- a table, column or helper that does not exist is an error and CREATE EXTENSION fails; nothing is
-- skipped with a WARNING.
--
-- Rules (Supabase's recommendations):
--   * every policy names its role: TO authenticated, and TO anon only where anon is meant to read;
--     service_role has BYPASSRLS and needs none. One permissive policy per table, role and action.
--   * auth.uid() and the helpers are called as (SELECT ...), so they run once per statement
--     (an InitPlan), not once per row.
--   * the helpers (fashionos.my_org_id() and the like) are the access layer's: sql/access.sql.
--   * a row that belongs to an organization through a parent (event_id -> events, ...) is checked
--     with a correlated EXISTS on the parent's primary key: the planner probes the parent once per
--     row when few rows are read and hashes the organization's parents when many are
--     (docs/security.md, "Performance").
--   * every column a policy filters by is a foreign key and leads an index. The table files create
--     the indexes; the regress tests rls_lint and schema_verification fail on a foreign key
--     without one.
--
-- Policy names: <table>_<command> (command select, insert, update or delete), built in one place,
-- fashionos.policy_create below; the one exception is ticket_tiers_select_anon. To find where a
-- policy comes from, grep its table: each table is named once, in the call of its family (e.g.
-- events_select comes from fashionos.policies_of_organization('public.events', ...)), or in its
-- own CREATE POLICY statements.
--
-- The family functions below exist only while this file runs (dropped at its end).

-- =============================================================================================
-- Row level security on, for every table of public that is a member of this extension
-- (fashionos.member_relations: pg_depend), so that tables of the database's own in public are left
-- alone. The grants are sql/grants.sql's.
-- =============================================================================================
DO $do$
DECLARE
    v_table regclass;
BEGIN
    FOR v_table IN SELECT t FROM fashionos.member_relations('{r,p}', '{public}') AS t LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', v_table);
    END LOOP;
END
$do$;

-- =============================================================================================
-- The policy families. Each takes the table as regclass (an unknown table is an error before
-- anything runs) and creates its policies with fashionos.policy_create.
-- =============================================================================================

-- One policy: <table>_<command>, TO authenticated, with the USING and WITH CHECK expressions given
-- (NULL: none).
CREATE FUNCTION fashionos.policy_create(p_table regclass, p_command text, p_using text, p_check text)
    RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    EXECUTE pg_catalog.format('CREATE POLICY %I ON %s FOR %s TO authenticated%s%s',
        (SELECT c.relname FROM pg_catalog.pg_class AS c WHERE c.oid = p_table) || '_' || pg_catalog.lower(p_command),
        p_table, p_command,
        ' USING (' || p_using || ')', ' WITH CHECK (' || p_check || ')');
END
$$;

-- The table a foreign key column of p_table references; an error when the column is not a
-- single-column foreign key.
CREATE FUNCTION fashionos.policy_parent(p_table regclass, p_column name) RETURNS regclass
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_parent regclass;
BEGIN
    SELECT c.confrelid INTO v_parent
      FROM pg_catalog.pg_constraint AS c
      JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.conrelid = p_table AND c.contype = 'f' AND pg_catalog.cardinality(c.conkey) = 1
       AND a.attname = p_column;
    IF v_parent IS NULL THEN
        RAISE EXCEPTION 'fashionos security: %.% is not a foreign key', p_table, p_column;
    END IF;
    RETURN v_parent;
END
$$;

-- The path of a row of p_table to its organization, compared with (SELECT p_org()):
--   p_via = '{}'                     table.organization_id = (SELECT org)
--   p_via = '{event_id}'             EXISTS (SELECT 1 FROM public.events AS e
--                                            WHERE e.id = table.event_id AND e.organization_id = (SELECT org))
--   p_via = '{task_id, event_id}'    EXISTS (SELECT 1 FROM public.tasks AS p JOIN public.events AS e ON e.id = p.event_id
--                                            WHERE p.id = table.task_id AND e.organization_id = (SELECT org))
-- Each column of p_via is a foreign key (of the table, then of its parent); the parents are read
-- from pg_constraint. The table that holds organization_id is aliased e (events), u (users) or p;
-- a parent on the way is p.
CREATE FUNCTION fashionos.policy_org_path(p_table regclass, p_via name[], p_org regprocedure) RETURNS text
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_name text := (SELECT pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class AS c WHERE c.oid = p_table);
    v_org text := '(SELECT ' || p_org::text || ')';
    v_parent regclass;
    v_owner regclass;
    v_alias text;
BEGIN
    IF pg_catalog.cardinality(p_via) = 0 THEN
        RETURN pg_catalog.format('%s.organization_id = %s', v_name, v_org);
    END IF;
    v_parent := fashionos.policy_parent(p_table, p_via[1]);
    v_owner := CASE pg_catalog.cardinality(p_via) WHEN 1 THEN v_parent WHEN 2 THEN fashionos.policy_parent(v_parent, p_via[2]) END;
    IF v_owner IS NULL THEN
        RAISE EXCEPTION 'fashionos security: the path of % has more than two steps: %', p_table, p_via;
    END IF;
    v_alias := CASE v_owner WHEN 'public.events'::regclass THEN 'e' WHEN 'public.users'::regclass THEN 'u' ELSE 'p' END;
    IF pg_catalog.cardinality(p_via) = 1 THEN
        RETURN pg_catalog.format('EXISTS (SELECT 1 FROM %1$s AS %2$s WHERE %2$s.id = %3$s.%4$I AND %2$s.organization_id = %5$s)',
                                 v_parent, v_alias, v_name, p_via[1], v_org);
    END IF;
    RETURN pg_catalog.format('EXISTS (SELECT 1 FROM %1$s AS p JOIN %2$s AS %3$s ON %3$s.id = p.%4$I '
                             'WHERE p.id = %5$s.%6$I AND %3$s.organization_id = %7$s)',
                             v_parent, v_owner, v_alias, p_via[2], v_name, p_via[1], v_org);
END
$$;

-- The check that what a written row references belongs to the caller's organization: each column
-- of p_columns is a foreign key (read from pg_constraint) and holds NULL or
--   to public.users:        a user of the caller's organization;
--   to public.stakeholders: a stakeholder whose user is one of them;
--   to public.assets:       an asset of an event of the caller's organization.
CREATE FUNCTION fashionos.policy_references(p_table regclass, p_columns name[]) RETURNS text
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_name text := (SELECT pg_catalog.quote_ident(c.relname) FROM pg_catalog.pg_class AS c WHERE c.oid = p_table);
    v_column name;
    v_checks text[] := '{}';
    v_check text;
BEGIN
    FOREACH v_column IN ARRAY p_columns LOOP
        v_check := CASE fashionos.policy_parent(p_table, v_column)
            WHEN 'public.users'::regclass THEN '%1$s.%2$I IN (SELECT fashionos.my_org_user_ids())'
            WHEN 'public.stakeholders'::regclass THEN 'EXISTS (SELECT 1 FROM public.stakeholders AS s '
                'WHERE s.id = %1$s.%2$I AND s.user_id IN (SELECT fashionos.my_org_user_ids()))'
            WHEN 'public.assets'::regclass THEN 'EXISTS (SELECT 1 FROM public.assets AS a JOIN public.events AS e ON e.id = a.event_id '
                'WHERE a.id = %1$s.%2$I AND e.organization_id = (SELECT fashionos.my_org_id()))' END;
        IF v_check IS NULL THEN
            RAISE EXCEPTION 'fashionos security: %.% references %, not a user, stakeholder or asset',
                p_table, v_column, fashionos.policy_parent(p_table, v_column);
        END IF;
        v_checks := v_checks || pg_catalog.format('(%1$s.%2$I IS NULL OR ' || v_check || ')', v_name, v_column);
    END LOOP;
    RETURN pg_catalog.array_to_string(v_checks, ' AND ');
END
$$;

-- Tables of an organization. Four policies:
--   <table>_select: path to my_org_id()        (every member reads; OR p_reader, the table's extra reader)
--   <table>_insert: path to my_write_org_id()  (owner, admin, organizer create; AND p_insert_check)
--   <table>_update: path to my_write_org_id() for the old row and for the new row, so a row is never
--                   moved into another organization (AND p_check on the new row)
--   <table>_delete: path to my_admin_org_id()  (owner, admin delete)
-- The checks keep the other references of a written row inside the organization: its users
-- (assignee, team owner, approver, creator), stakeholders, assets, products, ticket tier.
-- p_insert_check defaults to p_check.
CREATE FUNCTION fashionos.policies_of_organization(p_table regclass, p_via name[] DEFAULT '{}',
                                                   p_reader text DEFAULT NULL, p_check text DEFAULT NULL,
                                                   p_insert_check text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_read text := fashionos.policy_org_path(p_table, p_via, 'fashionos.my_org_id()');
    v_write text := fashionos.policy_org_path(p_table, p_via, 'fashionos.my_write_org_id()');
    v_admin text := fashionos.policy_org_path(p_table, p_via, 'fashionos.my_admin_org_id()');
BEGIN
    PERFORM fashionos.policy_create(p_table, 'SELECT', v_read || coalesce(' OR ' || p_reader, ''), NULL);
    PERFORM fashionos.policy_create(p_table, 'INSERT', NULL,
                                    v_write || coalesce(' AND ' || coalesce(p_insert_check, p_check), ''));
    PERFORM fashionos.policy_create(p_table, 'UPDATE', v_write, v_write || coalesce(' AND ' || p_check, ''));
    PERFORM fashionos.policy_create(p_table, 'DELETE', v_admin, NULL);
END
$$;

-- The shape of the three families below: <table>_select reads with p_read; <table>_insert,
-- <table>_update (old and new row) and <table>_delete write with p_write.
CREATE FUNCTION fashionos.policies_read_write(p_table regclass, p_read text, p_write text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM fashionos.policy_create(p_table, 'SELECT', p_read, NULL);
    PERFORM fashionos.policy_create(p_table, 'INSERT', NULL, p_write);
    PERFORM fashionos.policy_create(p_table, 'UPDATE', p_write, p_write);
    PERFORM fashionos.policy_create(p_table, 'DELETE', p_write, NULL);
END
$$;

-- Directories of people and places that belong to a user (p_owner): every signed-in user reads
-- them (organizers browse venues, models and designers to book and cast them); the owner alone
-- writes.
CREATE FUNCTION fashionos.policies_of_profile(p_table regclass, p_owner name) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM fashionos.policies_read_write(p_table, '(SELECT auth.uid()) IS NOT NULL',
                                          pg_catalog.format('%I = (SELECT auth.uid())', p_owner));
END
$$;

-- A talent's calendar (p_profile: the profile column, p_profile_ids: the caller's profiles): he
-- reads all of it and writes his open slots (available, tentative, no event); booked slots and
-- slots for an event are written by the casting and availability functions. The organization of a
-- slot's event reads it.
CREATE FUNCTION fashionos.policies_of_talent_calendar(p_table regclass, p_profile name, p_profile_ids regprocedure)
    RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_mine text := pg_catalog.format('%I IN (SELECT %s)', p_profile, p_profile_ids);
BEGIN
    PERFORM fashionos.policies_read_write(p_table,
        v_mine || pg_catalog.format(' OR EXISTS (SELECT 1 FROM public.events AS e WHERE e.id = %I.event_id '
                                    'AND e.organization_id = (SELECT fashionos.my_org_id()))',
                                    (SELECT c.relname FROM pg_catalog.pg_class AS c WHERE c.oid = p_table)),
        v_mine || ' AND status IN (''available'', ''tentative'') AND event_id IS NULL');
END
$$;

-- Contacts and OAuth connections: the owner (user_id) writes them; the users of his organization
-- read them (colleagues staff events with the contacts and publish through the connections). The
-- access_token column is not readable at all (column privileges, sql/grants.sql). A stakeholder
-- without a user belongs to nobody and is reached by server-side code only.
CREATE FUNCTION fashionos.policies_of_user(p_table regclass) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM fashionos.policies_read_write(p_table, 'user_id IN (SELECT fashionos.my_org_user_ids())',
                                          'user_id = (SELECT auth.uid())');
END
$$;

-- Shared directories without an owner: every signed-in user reads them; owners, admins and
-- organizers of any organization add entries; changing or removing an entry that other
-- organizations' rows point at is left to server-side code (no UPDATE or DELETE policy).
CREATE FUNCTION fashionos.policies_of_shared_directory(p_table regclass) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM fashionos.policy_create(p_table, 'SELECT', '(SELECT auth.uid()) IS NOT NULL', NULL);
    PERFORM fashionos.policy_create(p_table, 'INSERT', NULL, '(SELECT fashionos.my_write_org_id()) IS NOT NULL');
END
$$;

-- =============================================================================================
-- Tables of an organization, with their path to it (p_via) and their extra readers and checks.
-- =============================================================================================
-- Directly: organization_id. The creator is the caller; the team's owner is a member.
SELECT fashionos.policies_of_organization('public.events',
    p_insert_check => 'events.created_by = (SELECT auth.uid())',
    p_check => 'events.created_by IN (SELECT fashionos.my_org_user_ids())');
SELECT fashionos.policies_of_organization('public.campaigns',
    p_insert_check => 'campaigns.created_by = (SELECT auth.uid())',
    p_check => 'campaigns.created_by IN (SELECT fashionos.my_org_user_ids())');
SELECT fashionos.policies_of_organization('public.shoots',
    p_insert_check => 'shoots.created_by = (SELECT auth.uid())',
    p_check => 'shoots.created_by IN (SELECT fashionos.my_org_user_ids())');
SELECT fashionos.policies_of_organization('public.organizer_teams',
    p_check => 'organizer_teams.owner_id IN (SELECT fashionos.my_org_user_ids())');

-- Through their event.
SELECT fashionos.policies_of_organization('public.tasks', '{event_id}',
    p_check => fashionos.policy_references('public.tasks', '{assigned_to}'));
SELECT fashionos.policies_of_organization('public.sponsors', '{event_id}');
SELECT fashionos.policies_of_organization('public.budget_items', '{event_id}');
SELECT fashionos.policies_of_organization('public.assets', '{event_id}',
    p_insert_check => 'assets.uploaded_by = (SELECT auth.uid())',
    p_check => 'assets.uploaded_by IN (SELECT fashionos.my_org_user_ids())');
-- the public reads the tiers of events on sale (ticket_tiers_select_anon below for anon)
SELECT fashionos.policies_of_organization('public.ticket_tiers', '{event_id}',
    p_reader => '(SELECT fashionos.event_on_sale(ticket_tiers.event_id))');
-- an attendee reads his own registrations; buying goes through reserve_tickets
SELECT fashionos.policies_of_organization('public.registrations', '{event_id}',
    p_reader => 'registrations.user_id = (SELECT auth.uid())',
    p_check => 'EXISTS (SELECT 1 FROM public.ticket_tiers AS tt WHERE tt.id = registrations.ticket_tier_id '
               'AND tt.event_id = registrations.event_id)');
SELECT fashionos.policies_of_organization('public.event_phases', '{event_id}');
SELECT fashionos.policies_of_organization('public.event_schedules', '{event_id}');
SELECT fashionos.policies_of_organization('public.event_rehearsals', '{event_id}');
SELECT fashionos.policies_of_organization('public.event_assets', '{event_id}');
SELECT fashionos.policies_of_organization('public.event_stakeholders', '{event_id}',
    p_check => fashionos.policy_references('public.event_stakeholders', '{stakeholder_id}'));
-- a model reads his castings and his call times, a designer his line-ups
SELECT fashionos.policies_of_organization('public.event_models', '{event_id}',
    p_reader => 'event_models.model_profile_id IN (SELECT fashionos.my_model_profile_ids())');
SELECT fashionos.policies_of_organization('public.call_times', '{event_id}',
    p_reader => 'call_times.model_profile_id IN (SELECT fashionos.my_model_profile_ids())',
    p_check => fashionos.policy_references('public.call_times', '{stakeholder_id}'));
SELECT fashionos.policies_of_organization('public.event_designers', '{event_id}',
    p_reader => 'event_designers.designer_profile_id IN (SELECT fashionos.my_designer_profile_ids())');
SELECT fashionos.policies_of_organization('public.event_sponsors_junction', '{event_id}');

-- Through their team or shoot.
SELECT fashionos.policies_of_organization('public.organizer_team_members', '{team_id}',
    p_check => fashionos.policy_references('public.organizer_team_members', '{user_id, stakeholder_id}'));
SELECT fashionos.policies_of_organization('public.shoot_items', '{shoot_id}');
SELECT fashionos.policies_of_organization('public.shoot_assets', '{shoot_id}',
    p_check => fashionos.policy_references('public.shoot_assets', '{approved_by}'));
SELECT fashionos.policies_of_organization('public.shoot_payments', '{shoot_id}');

-- Through their task, registration or asset, then its event.
SELECT fashionos.policies_of_organization('public.task_assignees', '{task_id, event_id}',
    p_check => fashionos.policy_references('public.task_assignees', '{user_id, stakeholder_id}'));
-- a buyer reads the payments he made (payer_id: the buyer of his own tickets). Not those of a
-- ticket that became his (transfer_ticket, a change of user_id): the payer's payment, with his id
-- and the transaction that paid his whole order, stays the payer's.
SELECT fashionos.policies_of_organization('public.payments', '{registration_id, event_id}',
    p_reader => 'payments.payer_id = (SELECT auth.uid())');
SELECT fashionos.policies_of_organization('public.asset_variants', '{asset_id, event_id}');
SELECT fashionos.policies_of_organization('public.cloudinary_assets', '{asset_id, event_id}');
SELECT fashionos.policies_of_organization('public.asset_links', '{asset_id, event_id}');
-- the product a media link points at belongs to a shop or connection of the organization
SELECT fashionos.policies_of_organization('public.shopify_media_links', '{asset_id, event_id}',
    p_check => 'EXISTS (SELECT 1 FROM public.shopify_products AS pr JOIN public.shopify_shops AS sh ON sh.id = pr.shop_id '
               'WHERE pr.id = shopify_media_links.shopify_product_id AND sh.user_id IN (SELECT fashionos.my_org_user_ids()))');
SELECT fashionos.policies_of_organization('public.amazon_media_links', '{asset_id, event_id}',
    p_check => 'EXISTS (SELECT 1 FROM public.amazon_products AS pr JOIN public.amazon_connections AS ac ON ac.id = pr.connection_id '
               'WHERE pr.id = amazon_media_links.amazon_product_id AND ac.user_id IN (SELECT fashionos.my_org_user_ids()))');

-- Through their connection or shop, which belongs to a user of the organization; a post's asset
-- belongs to the organization too.
SELECT fashionos.policies_of_organization('public.instagram_posts', '{connection_id, user_id}',
    p_check => fashionos.policy_references('public.instagram_posts', '{asset_id}'));
SELECT fashionos.policies_of_organization('public.facebook_posts', '{connection_id, user_id}',
    p_check => fashionos.policy_references('public.facebook_posts', '{asset_id}'));
SELECT fashionos.policies_of_organization('public.shopify_products', '{shop_id, user_id}');
SELECT fashionos.policies_of_organization('public.amazon_products', '{connection_id, user_id}');

-- anon reads the ticket tiers of events on sale, nothing else anywhere.
CREATE POLICY ticket_tiers_select_anon ON public.ticket_tiers FOR SELECT TO anon
    USING ((SELECT fashionos.event_on_sale(ticket_tiers.event_id)));

-- =============================================================================================
-- organizations and users
-- =============================================================================================

-- A member reads his organization; owner and admin update it (not its plan, which billing sets
-- server-side); only the owner deletes it. Organizations are created server-side (signup).
CREATE POLICY organizations_select ON public.organizations FOR SELECT TO authenticated
    USING (id = (SELECT fashionos.my_org_id()));
CREATE POLICY organizations_update ON public.organizations FOR UPDATE TO authenticated
    USING (id = (SELECT fashionos.my_admin_org_id()))
    WITH CHECK (id = (SELECT fashionos.my_admin_org_id()) AND plan = (SELECT fashionos.my_org_plan()));
CREATE POLICY organizations_delete ON public.organizations FOR DELETE TO authenticated
    USING (id = (SELECT fashionos.my_org_id()) AND (SELECT fashionos.my_role()) = 'owner');

-- A member reads the users of his organization (his own row included). Everybody updates his own
-- profile but not his role or organization; owner and admin manage the users of their
-- organization (an admin not the owners, and only an owner makes an owner) and delete them;
-- nobody moves a user into another organization. users rows are created server-side (signup,
-- invitations): there is no INSERT policy.
CREATE POLICY users_select ON public.users FOR SELECT TO authenticated
    USING (id = (SELECT auth.uid()) OR organization_id = (SELECT fashionos.my_org_id()));
CREATE POLICY users_update ON public.users FOR UPDATE TO authenticated
    USING (id = (SELECT auth.uid())
           OR (organization_id = (SELECT fashionos.my_admin_org_id())
               AND (role <> 'owner' OR (SELECT fashionos.my_role()) = 'owner')))
    WITH CHECK ((id = (SELECT auth.uid())
                 AND role = (SELECT fashionos.my_role())
                 AND organization_id = (SELECT fashionos.my_org_id()))
                OR (organization_id = (SELECT fashionos.my_admin_org_id())
                    AND id IN (SELECT fashionos.my_org_user_ids())
                    AND (role <> 'owner' OR (SELECT fashionos.my_role()) = 'owner')));
CREATE POLICY users_delete ON public.users FOR DELETE TO authenticated
    USING (organization_id = (SELECT fashionos.my_admin_org_id())
           AND (role <> 'owner' OR (SELECT fashionos.my_role()) = 'owner'));

-- A profile's e-mail is the address its user signs in with (auth.users.email): it changes when
-- that address changes, server-side, not through the API. Otherwise a member could write any
-- address into his profile, or an admin into a member's, and, the column being unique, take an
-- address from the person it belongs to, whose profile could then not be created.
CREATE FUNCTION fashionos.users_email_door() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NOT fashionos.writer_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'users.email is the address the user signs in with',
            DETAIL = pg_catalog.format('Role %s may not change the e-mail of user %s.', current_user, OLD.id),
            HINT = 'Change the sign-in address with Supabase Auth (supabase.auth.updateUser({ email })); server-side code then writes it here.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.users_email_door() IS
    'Trigger of public.users: the e-mail of a profile changes only server-side (service_role, a superuser or a role that bypasses row level security), as the sign-in address does; 42501 for anon and authenticated.';
CREATE TRIGGER users_email_door BEFORE UPDATE OF email ON public.users
    FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email) EXECUTE FUNCTION fashionos.users_email_door();

-- The rules of users_update, said in words: only owners and admins change roles (a viewer or an
-- organizer not even his own), only an owner makes someone owner, and only server-side code moves
-- a user to another organization. Without this trigger the policy's WITH CHECK refuses the same writes with
-- PostgreSQL's bare "new row violates row-level security policy". A write the policy's USING
-- hides (a viewer's update of a colleague, an admin's of an owner) changes nothing, as before.
-- STABLE: it reads the caller's role as the statement found it, as the policy does, not as an
-- earlier row of the same statement left it (an admin stepping down and demoting a colleague in
-- one PATCH).
CREATE FUNCTION fashionos.users_role_door() RETURNS trigger
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF fashionos.writer_is_server() THEN
        RETURN NEW;
    END IF;
    IF NEW.organization_id IS DISTINCT FROM OLD.organization_id THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'only server-side code moves a user to another organization',
            DETAIL = pg_catalog.format('User %s belongs to organization %s; the request moves him to %s.',
                                       OLD.id, OLD.organization_id, NEW.organization_id),
            HINT = 'A person joins another organization through an invitation that server-side code (with the service key) carries out.';
    END IF;
    IF fashionos.my_role() IS DISTINCT FROM 'owner' AND fashionos.my_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'only owners and admins change roles',
            DETAIL = pg_catalog.format('User %s is %s; the request makes him %s, and the caller is %s.',
                                       OLD.id, OLD.role, NEW.role, coalesce(fashionos.my_role(), 'no member')),
            HINT = 'Ask an owner of the organization (or an admin, for a role other than owner).';
    END IF;
    IF NEW.role = 'owner' AND fashionos.my_role() IS DISTINCT FROM 'owner' THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'only an owner makes someone owner',
            DETAIL = pg_catalog.format('The caller is %s of the organization; the request makes user %s owner.',
                                       coalesce(fashionos.my_role(), 'no member'), OLD.id),
            HINT = 'Ask an owner of the organization.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.users_role_door() IS
    'Trigger of public.users: says why a role or organization change is refused (42501 with the rule) before the policy''s bare refusal: a role changed by a viewer or organizer, someone made owner by a non-owner, a move by an API client.';
CREATE TRIGGER users_role_door BEFORE UPDATE OF role, organization_id ON public.users
    FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.organization_id IS DISTINCT FROM NEW.organization_id)
    EXECUTE FUNCTION fashionos.users_role_door();
COMMENT ON TRIGGER users_role_door ON public.users IS
    'A refused change of role or organization says which rule refuses it (42501: fashionos.users_role_door).';

-- An organization keeps an owner: only an owner names owners (users_update), so an organization
-- whose last owner is demoted, moved or deleted could never have one again. Ownership changes of
-- one organization are serialized on its row, so two owners demoting each other at the same time
-- cannot both succeed. When the organization itself is deleted, its row is gone and its users go
-- with it. SECURITY DEFINER: it locks the organization's row and counts owners the writer may not
-- read.
CREATE FUNCTION fashionos.users_last_owner() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.role = 'owner' AND NEW.organization_id = OLD.organization_id THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM public.organizations o WHERE o.id = OLD.organization_id FOR NO KEY UPDATE;
    IF FOUND AND NOT EXISTS (SELECT 1 FROM public.users u
                              WHERE u.organization_id = OLD.organization_id AND u.role = 'owner'
                                AND u.id <> OLD.id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = 'an organization keeps an owner',
            DETAIL = pg_catalog.format('User %s is the last owner of organization %s; %s.', OLD.id, OLD.organization_id,
                         CASE WHEN TG_OP = 'DELETE' THEN 'deleting the user would leave it without one'
                              WHEN NEW.organization_id <> OLD.organization_id THEN 'moving the user to another organization would leave it without one'
                              ELSE pg_catalog.format('making the user %s would leave it without one', NEW.role) END),
            HINT = 'Make another member owner first (an owner may), then change or remove this one.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.users_last_owner() IS
    'Trigger of public.users: the last owner of an organization is not demoted, moved or deleted (PT409, for every writer) while the organization exists.';
CREATE TRIGGER users_last_owner BEFORE UPDATE OF role, organization_id OR DELETE ON public.users
    FOR EACH ROW WHEN (OLD.role = 'owner') EXECUTE FUNCTION fashionos.users_last_owner();
COMMENT ON TRIGGER users_last_owner ON public.users IS
    'An organization keeps at least one owner (PT409 when its last owner would be demoted, moved or deleted).';

-- A member moves to another organization (server-side code only: no policy lets a user change
-- organization) only once no row names him that follows him or stays behind: his contacts and
-- connections (stakeholders, the four connection tables) would become the other organization's,
-- with the posts and the links his old colleagues made on them; and the rows of his old
-- organization that name him as creator, owner, assignee, member or uploader (events, campaigns,
-- shoots, teams, tasks, assets) could no longer be changed there (their policies require a member).
-- A member is deleted only once no row names him as the creator or uploader of a record that
-- outlives him (the spec's RESTRICT foreign keys): the refusal says which, instead of a bare 23503.
-- For every writer; PT409 with the counts and what to do. The move is checked AFTER the update,
-- once row level security has let the writer make it (an API role cannot move anyone: 42501).
CREATE FUNCTION fashionos.users_move_references() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_named text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- His venues and profiles go with him (the spec's cascades), after his row: the guard of
        -- their deletion (fashionos.guard_resource_delete) reads his organization here, to tell
        -- its own plans from other organizations'.
        PERFORM pg_catalog.set_config('fashionos.deleted_users',
                    (coalesce(NULLIF(pg_catalog.current_setting('fashionos.deleted_users', true), ''), '{}')::jsonb
                     OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object(OLD.id, OLD.organization_id))::text, true);
        -- A user deleted with his organization (its row already gone): its events go too, with
        -- the assets of their events, which he may have uploaded. Those are deleted first: the
        -- spec's RESTRICT key from assets to their uploader would otherwise refuse his deletion
        -- before the events' cascade reaches them. Deleted through auth.users (Supabase's way),
        -- he is checked as below.
        IF NOT EXISTS (SELECT 1 FROM public.organizations o WHERE o.id = OLD.organization_id) THEN
            DELETE FROM public.assets x WHERE x.uploaded_by = OLD.id;
            RETURN OLD;
        END IF;
    END IF;
    SELECT pg_catalog.string_agg(pg_catalog.format('%s %s.%s', r.n, r.tbl, r.col), ', ' ORDER BY r.tbl, r.col) INTO v_named
      FROM (SELECT * FROM (VALUES
                ('events', 'created_by', (SELECT pg_catalog.count(*) FROM public.events x WHERE x.created_by = OLD.id), true),
                ('campaigns', 'created_by', (SELECT pg_catalog.count(*) FROM public.campaigns x WHERE x.created_by = OLD.id), true),
                ('shoots', 'created_by', (SELECT pg_catalog.count(*) FROM public.shoots x WHERE x.created_by = OLD.id), true),
                ('assets', 'uploaded_by', (SELECT pg_catalog.count(*) FROM public.assets x WHERE x.uploaded_by = OLD.id), true),
                ('stakeholders', 'user_id', (SELECT pg_catalog.count(*) FROM public.stakeholders x WHERE x.user_id = OLD.id), false),
                ('instagram_connections', 'user_id', (SELECT pg_catalog.count(*) FROM public.instagram_connections x WHERE x.user_id = OLD.id), false),
                ('facebook_connections', 'user_id', (SELECT pg_catalog.count(*) FROM public.facebook_connections x WHERE x.user_id = OLD.id), false),
                ('shopify_shops', 'user_id', (SELECT pg_catalog.count(*) FROM public.shopify_shops x WHERE x.user_id = OLD.id), false),
                ('amazon_connections', 'user_id', (SELECT pg_catalog.count(*) FROM public.amazon_connections x WHERE x.user_id = OLD.id), false),
                ('organizer_teams', 'owner_id', (SELECT pg_catalog.count(*) FROM public.organizer_teams x WHERE x.owner_id = OLD.id), false),
                ('organizer_team_members', 'user_id', (SELECT pg_catalog.count(*) FROM public.organizer_team_members x WHERE x.user_id = OLD.id), false),
                ('tasks', 'assigned_to', (SELECT pg_catalog.count(*) FROM public.tasks x WHERE x.assigned_to = OLD.id), false),
                ('shoot_assets', 'approved_by', (SELECT pg_catalog.count(*) FROM public.shoot_assets x WHERE x.approved_by = OLD.id), false),
                ('task_assignees', 'user_id', (SELECT pg_catalog.count(*) FROM public.task_assignees x WHERE x.user_id = OLD.id), false))
                AS v (tbl, col, n, restricts)) r
     WHERE r.n > 0 AND (TG_OP = 'UPDATE' OR r.restricts);
    IF v_named IS NULL THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'a member named by his organization''s records is not deleted',
            DETAIL = pg_catalog.format('User %s is named by %s.', OLD.id, v_named),
            HINT = 'Name another member there first (PATCH events?created_by=eq.<id> with {"created_by": "<member id>"}, and the same for the others), then delete him.';
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'PT409', MESSAGE = 'a member named by his organization''s rows is not moved',
        DETAIL = pg_catalog.format('User %s is named by %s: his contacts and connections would follow him into organization %s, and the other rows could no longer be changed by organization %s.',
                                   OLD.id, v_named, NEW.organization_id, OLD.organization_id),
        HINT = 'Name another member in those rows, or delete them, then move him; or give the person a new user in the other organization.';
END
$$;
COMMENT ON FUNCTION fashionos.users_move_references() IS
    'Trigger of public.users: a member named by rows of his organization (creator, owner, assignee, member, uploader, approver, his contacts and connections) is not moved to another organization, and one named as creator or uploader is not deleted (PT409 with the counts).';
CREATE TRIGGER users_move_references AFTER UPDATE OF organization_id ON public.users
    FOR EACH ROW WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id)
    EXECUTE FUNCTION fashionos.users_move_references();
COMMENT ON TRIGGER users_move_references ON public.users IS
    'A member named by his organization''s rows is not moved to another organization (PT409: fashionos.users_move_references).';
CREATE TRIGGER users_named_references BEFORE DELETE ON public.users
    FOR EACH ROW EXECUTE FUNCTION fashionos.users_move_references();
COMMENT ON TRIGGER users_named_references ON public.users IS
    'A member named as the creator or uploader of his organization''s records is not deleted (PT409: fashionos.users_move_references).';


-- What deleting a row deletes with it, one level down: per table, how many rows name it by a
-- foreign key whose ON DELETE is CASCADE (read from pg_constraint, so that a table added later is
-- counted too). For the guards that refuse such a deletion with the counts; their callers are
-- SECURITY DEFINER, so every organization's rows are counted.
CREATE FUNCTION fashionos.cascading_rows(p_table regclass, p_id uuid)
    RETURNS TABLE (tbl text, n bigint)
    LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v record;
BEGIN
    FOR v IN SELECT c.conrelid::pg_catalog.regclass AS child, k.relname::text AS child_name, a.attname
               FROM pg_catalog.pg_constraint c
               JOIN pg_catalog.pg_class k ON k.oid = c.conrelid
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
              WHERE c.contype = 'f' AND c.confrelid = p_table AND c.confdeltype = 'c'
                AND pg_catalog.cardinality(c.conkey) = 1
    LOOP
        tbl := v.child_name;
        EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s WHERE %I = $1', v.child, v.attname) INTO n USING p_id;
        IF n > 0 THEN
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION fashionos.cascading_rows(regclass, uuid) IS
    'Per table, the rows whose foreign key to the row (p_id of p_table) cascades on its deletion, when there are any: what deleting it would delete with it.';

-- A contact or connection is its user's (he alone writes it), but his colleagues build on it:
-- crew on events, call times, task assignments and team memberships on a contact; posts and
-- products on a connection. The spec's foreign keys from those rows cascade, so a member deleting
-- his own contact or connection would delete them, rows the access matrix lets only owners and
-- admins delete (and a demoted organizer would keep this power). An API client who is not an
-- owner or admin of the user's organization is refused (PT409 with the rows) while such rows
-- exist (owners and admins delete those rows first); server-side code deletes as the spec says,
-- and so does the deletion of the user himself (his account, or his organization:
-- fashionos.users_move_references notes it). The row's own user who is an owner or admin deletes
-- it with them.
CREATE FUNCTION fashionos.personal_rows_in_use() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_used text;
BEGIN
    IF OLD.user_id IS NULL OR fashionos.caller_is_server()
       OR coalesce(NULLIF(pg_catalog.current_setting('fashionos.deleted_users', true), '')::jsonb
                   OPERATOR(pg_catalog.?) OLD.user_id::text, false)
       OR fashionos.my_admin_org_id() = (SELECT u.organization_id FROM public.users u WHERE u.id = OLD.user_id) THEN
        RETURN OLD;
    END IF;
    -- what the spec's cascades would delete with it (crew, call times, assignments, memberships;
    -- posts, products)
    SELECT pg_catalog.string_agg(pg_catalog.format('%s %s', r.n, r.tbl), ', ' ORDER BY r.tbl) INTO v_used
      FROM fashionos.cascading_rows(TG_RELID, OLD.id) r;
    IF v_used IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('rows of the organization use this %s', CASE TG_TABLE_NAME WHEN 'stakeholders' THEN 'contact' ELSE 'connection' END),
            DETAIL = pg_catalog.format('%s %s is used by %s; deleting it would delete them, which only owners and admins of the organization do.',
                                       TG_TABLE_NAME, OLD.id, v_used),
            HINT = 'An owner or admin of the organization deletes those rows first; then delete it.';
    END IF;
    RETURN OLD;
END
$$;
COMMENT ON FUNCTION fashionos.personal_rows_in_use() IS
    'Trigger of stakeholders and the four connection tables: a member who is not an owner or admin of the organization does not delete a contact or connection that the organization''s rows use (PT409 with the counts): the cascade would delete rows only owners and admins delete.';
DO $in_use$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['stakeholders', 'instagram_connections', 'facebook_connections', 'shopify_shops',
                                   'amazon_connections'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER %I BEFORE DELETE ON public.%I
                                       FOR EACH ROW EXECUTE FUNCTION fashionos.personal_rows_in_use()',
                                  v_table || '_in_use', v_table);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON public.%I IS %L', v_table || '_in_use', v_table,
            'A member who is not an owner or admin keeps a row his organization''s rows use (PT409: fashionos.personal_rows_in_use).');
    END LOOP;
END
$in_use$;

-- A contact, a connection or a Cloudinary record stays in its organization, for every writer. A
-- provider's account id (a store, an Instagram account, a Cloudinary public id) is unique across
-- organizations, and the natural write of an OAuth callback or an upload webhook is an upsert on
-- it: when a second organization connects an account the first one has, the upsert would give the
-- first organization's row, with its posts, products and media, to the second. Row level security
-- already keeps API clients from handing a row to someone else; this holds server-side code too.
-- SECURITY DEFINER: it reads the organizations of users and assets the writer may not read.
CREATE FUNCTION fashionos.rows_stay_in_their_organization() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_from uuid;
    v_to uuid;
    v_key text;
BEGIN
    -- API clients: row level security refuses handing a row to anyone else (42501), and nothing
    -- here may tell them another user's organization first.
    IF NOT fashionos.caller_is_server() THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'cloudinary_assets' THEN
        SELECT e.organization_id INTO v_from FROM public.assets a JOIN public.events e ON e.id = a.event_id WHERE a.id = OLD.asset_id;
        SELECT e.organization_id INTO v_to FROM public.assets a JOIN public.events e ON e.id = a.event_id WHERE a.id = NEW.asset_id;
    ELSE
        SELECT u.organization_id INTO v_from FROM public.users u WHERE u.id = OLD.user_id;
        SELECT u.organization_id INTO v_to FROM public.users u WHERE u.id = NEW.user_id;
    END IF;
    IF v_from IS NULL OR v_to IS NULL OR v_from = v_to THEN
        RETURN NEW;
    END IF;
    v_key := pg_catalog.to_jsonb(OLD) ->> CASE TG_TABLE_NAME
        WHEN 'instagram_connections' THEN 'instagram_account_id' WHEN 'facebook_connections' THEN 'facebook_page_id'
        WHEN 'shopify_shops' THEN 'shop_domain' WHEN 'amazon_connections' THEN 'seller_id'
        WHEN 'cloudinary_assets' THEN 'public_id' ELSE 'name' END;
    RAISE EXCEPTION USING ERRCODE = 'PT409',
        MESSAGE = pg_catalog.format('a %s stays in its organization', CASE TG_TABLE_NAME WHEN 'stakeholders' THEN 'contact'
                                        WHEN 'cloudinary_assets' THEN 'Cloudinary record' ELSE 'connection' END),
        DETAIL = pg_catalog.format('%s %s (%s) belongs to organization %s; the update would give it, with what is built on it, to organization %s.',
                                   TG_TABLE_NAME, OLD.id, fashionos.shown(v_key), v_from, v_to),
        HINT = CASE WHEN TG_TABLE_NAME = 'stakeholders' THEN 'Add the contact to the other organization as a new row.'
                    WHEN TG_TABLE_NAME = 'cloudinary_assets' THEN 'A public id is recorded once across organizations: upload under a folder of your own (e.g. your-brand/look1) and record that id.'
                    ELSE 'The account is connected in another organization: it deletes its row first, then insert yours (an upsert on the account''s id would take theirs).' END;
END
$$;
COMMENT ON FUNCTION fashionos.rows_stay_in_their_organization() IS
    'Trigger of stakeholders, the four connection tables and cloudinary_assets: an update by server-side code that would give the row to a user (an asset) of another organization is refused (PT409); API clients are refused by row level security (42501).';
DO $stay$
DECLARE
    v_table text;
    v_column text;
BEGIN
    FOR v_table, v_column IN VALUES ('stakeholders', 'user_id'), ('instagram_connections', 'user_id'),
                                    ('facebook_connections', 'user_id'), ('shopify_shops', 'user_id'),
                                    ('amazon_connections', 'user_id'), ('cloudinary_assets', 'asset_id') LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER %1$I BEFORE UPDATE OF %2$I ON public.%3$I FOR EACH ROW
                                       WHEN (OLD.%2$I IS DISTINCT FROM NEW.%2$I)
                                       EXECUTE FUNCTION fashionos.rows_stay_in_their_organization()',
                                  v_table || '_stays', v_column, v_table);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON public.%I IS %L', v_table || '_stays', v_table,
            'The row stays in its organization, for every writer (PT409: fashionos.rows_stay_in_their_organization).');
    END LOOP;
END
$stay$;

-- An event, a campaign or a shoot that server-side code moves to another organization, or whose
-- creator it changes (API clients are held by row level security): its creator must be a member
-- of its organization, or the row policies (created_by among the organization's members) would
-- leave that organization unable to edit it. An event that sold tickets, and a shoot with crew
-- payments, stay with the organization whose money they record (the tickets, payments and
-- payment history would follow the event, as a deletion would take them:
-- fashionos.event_keeps_sales). The event's tiers are taken first, shared: a reservation in
-- flight (which holds its tier's row until it commits) is waited for and counted, and one that
-- starts meanwhile waits for the move. The operator's own session (a restore) is not held.
CREATE FUNCTION fashionos.rows_move_with_their_creator() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_money bigint;
BEGIN
    IF NOT fashionos.caller_is_server() OR fashionos.writer_is_operator() THEN
        RETURN NEW;
    END IF;
    IF OLD.organization_id IS DISTINCT FROM NEW.organization_id THEN
        IF TG_TABLE_NAME = 'events' THEN
            PERFORM 1 FROM public.ticket_tiers t WHERE t.event_id = OLD.id ORDER BY t.id FOR SHARE;
            SELECT pg_catalog.count(*) INTO v_money FROM public.registrations r WHERE r.event_id = OLD.id;
        ELSIF TG_TABLE_NAME = 'shoots' THEN
            SELECT pg_catalog.count(*) INTO v_money FROM public.shoot_payments p WHERE p.shoot_id = OLD.id;
        END IF;
        IF v_money > 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'PT409',
                MESSAGE = CASE TG_TABLE_NAME WHEN 'events' THEN 'an event with sales stays in its organization'
                               ELSE 'a shoot with payments stays in its organization' END,
                DETAIL = pg_catalog.format('%s %s has %s %s in organization %s; the update would give them to organization %s.',
                                           CASE TG_TABLE_NAME WHEN 'events' THEN 'Event' ELSE 'Shoot' END, OLD.id, v_money,
                                           CASE TG_TABLE_NAME WHEN 'events' THEN 'registration(s) (tickets sold, held or cancelled, with their payments and payment history)'
                                                ELSE 'crew payment(s)' END,
                                           OLD.organization_id, NEW.organization_id),
                HINT = CASE TG_TABLE_NAME
                    WHEN 'events' THEN 'Tickets and payments stay with the organization that sold them: make a new event in the other organization (import_tickets brings tickets over with their history).'
                    ELSE 'Payments stay with the organization that made them: make a new shoot in the other organization.' END;
        END IF;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.users u WHERE u.id = NEW.created_by AND u.organization_id = NEW.organization_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('the %s''s creator is not a member of its organization', pg_catalog.rtrim(TG_TABLE_NAME, 's')),
            DETAIL = pg_catalog.format('%s %s would belong to organization %s with created_by %s, a member of another: nobody in organization %s could edit it (the row policies ask created_by to be one of its members).',
                                       TG_TABLE_NAME, OLD.id, NEW.organization_id, NEW.created_by, NEW.organization_id),
            HINT = pg_catalog.format('Set created_by to a member of organization %s (in the same update when it moves).', NEW.organization_id);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION fashionos.rows_move_with_their_creator() IS
    'Trigger of events, campaigns and shoots: server-side code that moves the row or changes its creator must name a creator of its organization (PT409); an event with registrations and a shoot with payments do not move (PT409); API clients are held by row level security (42501).';
DO $move$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['events', 'campaigns', 'shoots'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER %1$I BEFORE UPDATE OF organization_id, created_by ON public.%2$I FOR EACH ROW
                                       WHEN (OLD.organization_id IS DISTINCT FROM NEW.organization_id
                                             OR OLD.created_by IS DISTINCT FROM NEW.created_by)
                                       EXECUTE FUNCTION fashionos.rows_move_with_their_creator()',
                                  v_table || '_move_with_creator', v_table);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON public.%I IS %L', v_table || '_move_with_creator', v_table,
            'Server-side code keeps the creator a member of the row''s organization; an event with sales and a shoot with payments stay (PT409: fashionos.rows_move_with_their_creator).');
    END LOOP;
END
$move$;

-- An entry of a shared directory that other rows name stays: the spec's foreign keys to it cascade,
-- so deleting a sponsor organization would delete every organization's deals with it, and
-- deleting a brand every designer profile of it (with their calendars) and every collection shown
-- under it. Curating the directory (server-side code merging a duplicate) points those rows at the
-- entry it keeps first. For every writer of the API, server-side code included (PT409 with the
-- counts); the operator's own session (a superuser or the extension's owner, without a role)
-- deletes as the spec says.
-- SECURITY DEFINER: it counts rows of every organization.
CREATE FUNCTION fashionos.directory_entry_in_use() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    v_used text;
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN OLD;
    END IF;
    -- what the spec's cascades would delete with it (deals; designer profiles and collections)
    SELECT pg_catalog.string_agg(pg_catalog.format('%s %s rows', r.n, r.tbl), ', ' ORDER BY r.tbl) INTO v_used
      FROM fashionos.cascading_rows(TG_RELID, OLD.id) r;
    IF v_used IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'PT409',
            MESSAGE = pg_catalog.format('the %s is in use', CASE TG_TABLE_NAME WHEN 'fashion_brands' THEN 'brand' ELSE 'sponsor organization' END),
            DETAIL = pg_catalog.format('%s %s (%s) is named by %s (of every organization); deleting it would delete them.',
                                       TG_TABLE_NAME, OLD.id, fashionos.shown(OLD.name), v_used),
            HINT = 'To merge a duplicate entry, point those rows at the entry you keep first (an UPDATE of their reference, by server-side code; where an event has deals with both entries, keep one of its two deals); then delete it.';
    END IF;
    RETURN OLD;
END
$$;
COMMENT ON FUNCTION fashionos.directory_entry_in_use() IS
    'Trigger of sponsor_organizations and fashion_brands: an entry other rows name is not deleted (PT409 with the counts), for every writer of the API: the spec''s cascades would delete every organization''s deals, designer profiles and collections with it (the operator''s own session deletes as the spec says).';
CREATE TRIGGER sponsor_organizations_in_use BEFORE DELETE ON public.sponsor_organizations
    FOR EACH ROW EXECUTE FUNCTION fashionos.directory_entry_in_use();
COMMENT ON TRIGGER sponsor_organizations_in_use ON public.sponsor_organizations IS
    'An entry that deals name is not deleted (PT409: fashionos.directory_entry_in_use).';
CREATE TRIGGER fashion_brands_in_use BEFORE DELETE ON public.fashion_brands
    FOR EACH ROW EXECUTE FUNCTION fashionos.directory_entry_in_use();
COMMENT ON TRIGGER fashion_brands_in_use ON public.fashion_brands IS
    'A brand that designer profiles or collections name is not deleted (PT409: fashionos.directory_entry_in_use).';

-- =============================================================================================
-- Personal rows: they belong to their user, who alone writes them.
-- =============================================================================================
SELECT fashionos.policies_of_profile('public.venues', 'owner_id');
SELECT fashionos.policies_of_profile('public.model_profiles', 'user_id');
SELECT fashionos.policies_of_profile('public.designer_profiles', 'user_id');

-- A venue's calendar is read with the directory; its owner writes it, and links a slot only to an
-- event of his own organization. Organizers book venues through the availability functions.
SELECT fashionos.policy_create('public.venue_availability', 'SELECT', '(SELECT auth.uid()) IS NOT NULL', NULL),
       fashionos.policy_create('public.venue_availability', 'INSERT', NULL, w.owner || ' AND ' || w.own_event),
       fashionos.policy_create('public.venue_availability', 'UPDATE', w.owner, w.owner || ' AND ' || w.own_event),
       fashionos.policy_create('public.venue_availability', 'DELETE', w.owner, NULL)
  FROM (SELECT 'EXISTS (SELECT 1 FROM public.venues AS v '
               'WHERE v.id = venue_availability.venue_id AND v.owner_id = (SELECT auth.uid()))' AS owner,
               '(event_id IS NULL OR EXISTS (SELECT 1 FROM public.events AS e WHERE e.id = venue_availability.event_id '
               'AND e.organization_id = (SELECT fashionos.my_org_id())))' AS own_event) AS w;

SELECT fashionos.policies_of_talent_calendar('public.model_availability', 'model_profile_id',
                                             'fashionos.my_model_profile_ids()');
SELECT fashionos.policies_of_talent_calendar('public.designer_availability', 'designer_profile_id',
                                             'fashionos.my_designer_profile_ids()');

SELECT fashionos.policies_of_user('public.stakeholders');
SELECT fashionos.policies_of_user('public.instagram_connections');
SELECT fashionos.policies_of_user('public.facebook_connections');
SELECT fashionos.policies_of_user('public.shopify_shops');
SELECT fashionos.policies_of_user('public.amazon_connections');

-- =============================================================================================
-- Shared directories without an owner.
-- =============================================================================================
SELECT fashionos.policies_of_shared_directory('public.model_agencies');
SELECT fashionos.policies_of_shared_directory('public.fashion_brands');
SELECT fashionos.policies_of_shared_directory('public.sponsor_organizations');
SELECT fashionos.policies_of_shared_directory('public.sponsorship_packages');
SELECT fashionos.policies_of_shared_directory('public.media_size_specs');

DROP FUNCTION fashionos.policies_of_shared_directory(regclass), fashionos.policies_of_user(regclass),
    fashionos.policies_of_talent_calendar(regclass, name, regprocedure), fashionos.policies_of_profile(regclass, name),
    fashionos.policies_read_write(regclass, text, text),
    fashionos.policies_of_organization(regclass, name[], text, text, text),
    fashionos.policy_org_path(regclass, name[], regprocedure), fashionos.policy_references(regclass, name[]),
    fashionos.policy_parent(regclass, name), fashionos.policy_create(regclass, text, text, text);
