-- api/talent.sql: the names of the talent directory. Style: see sql/api/ticketing.sql.
--
-- A model's or designer's name is their user's (users.full_name), and a member reads the users
-- rows of his own organization only: row level security cannot show another organization's
-- member's name without also showing his e-mail address. The producer who casts a model of an
-- agency, and anyone browsing the directory, reads the name through this function instead.

CREATE FUNCTION fashionos.talent_names(p_profile_ids uuid[])
    RETURNS SETOF public.talent_name
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF auth.uid() IS NULL AND NOT fashionos.caller_is_server() THEN
        RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = 'not signed in',
            DETAIL = 'The talent directory (model and designer profiles, and their names) is read by signed-in users.',
            HINT = 'Send the user''s access token (Authorization: Bearer).';
    END IF;
    IF pg_catalog.cardinality(p_profile_ids) > 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'too many profile ids',
            DETAIL = pg_catalog.format('p_profile_ids has %s ids; one call names at most 1000.', pg_catalog.cardinality(p_profile_ids)),
            HINT = 'Ask for the profiles of one page at a time.';
    END IF;
    RETURN QUERY
        SELECT m.id, 'model'::text, m.user_id, u.full_name, u.avatar_url
          FROM public.model_profiles m JOIN public.users u ON u.id = m.user_id
         WHERE m.id = ANY (p_profile_ids)
        UNION ALL
        SELECT d.id, 'designer'::text, d.user_id, u.full_name, u.avatar_url
          FROM public.designer_profiles d JOIN public.users u ON u.id = d.user_id
         WHERE d.id = ANY (p_profile_ids)
        ORDER BY 1;
END
$$;
COMMENT ON FUNCTION fashionos.talent_names(uuid[]) IS
    'Implementation of public.talent_names (SECURITY DEFINER: reads the name and picture of the users behind profiles, which row level security keeps to their organization).';

CREATE FUNCTION public.talent_names(p_profile_ids uuid[])
    RETURNS SETOF public.talent_name
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.talent_names(fashionos.required(p_profile_ids, 'p_profile_ids')) $$;
COMMENT ON FUNCTION public.talent_names(uuid[]) IS
$$The names of talent in the directory: for each model or designer profile id given (at most 1000), the profile id, its kind (model or designer), its user, and that user's full_name and avatar_url, nothing else of the user (not the e-mail). What a casting list, a walk order or a call sheet shows for the models an agency represents, whose users rows another organization cannot read. Ids of no profile are left out. For signed-in users and server-side code. Errors: 22023 null or more than 1000 ids (400), 42501 not signed in (401).$$;
