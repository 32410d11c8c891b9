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
