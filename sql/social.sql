-- social.sql: what fashionos adds to instagram_connections, instagram_posts, facebook_connections,
-- facebook_posts (tests/spec/proposed-schema.md, tables 35-38). The tables themselves are the
-- spec's, as written, created by sql/generated/spec_tables.sql; every addition is marked "addition"
-- and listed in docs/schema.md.

-- ---------------------------------------------------------------------------------------------
-- instagram_posts
-- ---------------------------------------------------------------------------------------------
CREATE INDEX idx_instagram_posts_asset_id ON public.instagram_posts (asset_id);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- facebook_posts
-- ---------------------------------------------------------------------------------------------
CREATE INDEX idx_facebook_posts_asset_id ON public.facebook_posts (asset_id);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- The natural keys a sync upserts on: a published post of a connection once
-- (on_conflict=connection_id,instagram_media_id; drafts, without a media id, do not collide).
-- ---------------------------------------------------------------------------------------------
-- addition
CREATE UNIQUE INDEX idx_instagram_posts_connection_media ON public.instagram_posts (connection_id, instagram_media_id);
CREATE UNIQUE INDEX idx_facebook_posts_connection_post ON public.facebook_posts (connection_id, facebook_post_id);

-- ---------------------------------------------------------------------------------------------
-- A post's status says what its times say: a scheduled post has scheduled_at (a scheduler picks
-- it up by that time), a published one published_at (22023), on the row as written (AFTER: an
-- upsert's insert that became an update is checked as the update). The operator's own session
-- loads rows as they are.
-- ---------------------------------------------------------------------------------------------
CREATE FUNCTION fashionos.post_times_match_status() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF fashionos.writer_is_operator() THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION USING ERRCODE = '22023',
        MESSAGE = pg_catalog.format('a %s post has %s', NEW.status, CASE NEW.status WHEN 'scheduled' THEN 'scheduled_at' ELSE 'published_at' END),
        DETAIL = pg_catalog.format('%s %s: status %s, scheduled_at %s, published_at %s.', TG_TABLE_NAME, NEW.id, NEW.status,
                                   coalesce(NEW.scheduled_at::text, 'null'), coalesce(NEW.published_at::text, 'null')),
        HINT = CASE NEW.status WHEN 'scheduled' THEN 'Send scheduled_at, when the post is to be published, with status scheduled.'
                    ELSE 'Send published_at, when the post went out, with status published.' END;
END
$$;
COMMENT ON FUNCTION fashionos.post_times_match_status() IS
    'Trigger of instagram_posts and facebook_posts: a scheduled post has scheduled_at, a published one published_at (22023; the operator''s own session loads rows as they are).';
DO $posts$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY ARRAY['instagram_posts', 'facebook_posts'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER %1$I AFTER INSERT OR UPDATE OF status, scheduled_at, published_at ON public.%2$I
                                       FOR EACH ROW WHEN ((NEW.status = ''scheduled'' AND NEW.scheduled_at IS NULL)
                                                          OR (NEW.status = ''published'' AND NEW.published_at IS NULL))
                                       EXECUTE FUNCTION fashionos.post_times_match_status()',
                                  v_table || '_times_match_status', v_table);
        EXECUTE pg_catalog.format('COMMENT ON TRIGGER %I ON public.%I IS %L', v_table || '_times_match_status', v_table,
            'A scheduled post has scheduled_at, a published one published_at (22023: fashionos.post_times_match_status).');
    END LOOP;
END
$posts$;
