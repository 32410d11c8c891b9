-- social.sql: instagram_connections, instagram_posts, facebook_connections, facebook_posts
-- (tests/spec/proposed-schema.md, tables 35-38). Additions are marked "addition" (docs/schema.md).

-- ---------------------------------------------------------------------------------------------
-- instagram_connections
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.instagram_connections (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    instagram_account_id text NOT NULL UNIQUE,
    access_token text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_instagram_connections_user_id ON public.instagram_connections (user_id);

-- ---------------------------------------------------------------------------------------------
-- instagram_posts
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.instagram_posts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    connection_id uuid NOT NULL REFERENCES public.instagram_connections (id) ON DELETE CASCADE,
    asset_id uuid REFERENCES public.assets (id) ON DELETE SET NULL,
    caption text,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'published', 'failed')),
    scheduled_at timestamptz,
    published_at timestamptz,
    instagram_media_id text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_instagram_posts_connection_id ON public.instagram_posts (connection_id);
CREATE INDEX idx_instagram_posts_status ON public.instagram_posts (status);
CREATE INDEX idx_instagram_posts_asset_id ON public.instagram_posts (asset_id);  -- addition: foreign key index

-- ---------------------------------------------------------------------------------------------
-- facebook_connections
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.facebook_connections (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    facebook_page_id text NOT NULL UNIQUE,
    page_name text,
    access_token text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_facebook_connections_user_id ON public.facebook_connections (user_id);

-- ---------------------------------------------------------------------------------------------
-- facebook_posts
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.facebook_posts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    connection_id uuid NOT NULL REFERENCES public.facebook_connections (id) ON DELETE CASCADE,
    asset_id uuid REFERENCES public.assets (id) ON DELETE SET NULL,
    message text,
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'published', 'failed')),
    scheduled_at timestamptz,
    published_at timestamptz,
    facebook_post_id text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_facebook_posts_connection_id ON public.facebook_posts (connection_id);
CREATE INDEX idx_facebook_posts_status ON public.facebook_posts (status);
CREATE INDEX idx_facebook_posts_asset_id ON public.facebook_posts (asset_id);  -- addition: foreign key index

