-- commerce.sql: shopify_shops, shopify_products, shopify_media_links, amazon_connections,
-- amazon_products, amazon_media_links (tests/spec/proposed-schema.md, tables 39-44).
-- Additions are marked "addition" (docs/schema.md).

-- ---------------------------------------------------------------------------------------------
-- shopify_shops
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.shopify_shops (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    shop_domain text NOT NULL UNIQUE,
    access_token text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_shopify_shops_user_id ON public.shopify_shops (user_id);

-- ---------------------------------------------------------------------------------------------
-- shopify_products
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.shopify_products (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    shop_id uuid NOT NULL REFERENCES public.shopify_shops (id) ON DELETE CASCADE,
    shopify_product_id text NOT NULL,
    title text NOT NULL,
    handle text,
    status text NOT NULL,
    synced_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_shopify_products_shop_id ON public.shopify_products (shop_id);
CREATE INDEX idx_shopify_products_shopify_product_id ON public.shopify_products (shopify_product_id);

-- ---------------------------------------------------------------------------------------------
-- shopify_media_links
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.shopify_media_links (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    asset_id uuid NOT NULL REFERENCES public.assets (id) ON DELETE CASCADE,
    shopify_product_id uuid NOT NULL REFERENCES public.shopify_products (id) ON DELETE CASCADE,
    shopify_media_id text,
    position integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: positions are not negative
    CONSTRAINT shopify_media_links_position_nonnegative CHECK (position >= 0)
);
CREATE INDEX idx_shopify_media_links_asset_id ON public.shopify_media_links (asset_id);
CREATE INDEX idx_shopify_media_links_product_id ON public.shopify_media_links (shopify_product_id);

-- ---------------------------------------------------------------------------------------------
-- amazon_connections
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.amazon_connections (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    seller_id text NOT NULL UNIQUE,
    marketplace_id text NOT NULL,
    access_token text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_amazon_connections_user_id ON public.amazon_connections (user_id);

-- ---------------------------------------------------------------------------------------------
-- amazon_products
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.amazon_products (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    connection_id uuid NOT NULL REFERENCES public.amazon_connections (id) ON DELETE CASCADE,
    sku text NOT NULL,
    asin text,
    title text NOT NULL,
    status text NOT NULL,
    synced_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_amazon_products_connection_id ON public.amazon_products (connection_id);
CREATE INDEX idx_amazon_products_sku ON public.amazon_products (sku);

-- ---------------------------------------------------------------------------------------------
-- amazon_media_links
-- ---------------------------------------------------------------------------------------------
CREATE TABLE public.amazon_media_links (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    asset_id uuid NOT NULL REFERENCES public.assets (id) ON DELETE CASCADE,
    amazon_product_id uuid NOT NULL REFERENCES public.amazon_products (id) ON DELETE CASCADE,
    position integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- addition: positions are not negative
    CONSTRAINT amazon_media_links_position_nonnegative CHECK (position >= 0)
);
CREATE INDEX idx_amazon_media_links_asset_id ON public.amazon_media_links (asset_id);
CREATE INDEX idx_amazon_media_links_product_id ON public.amazon_media_links (amazon_product_id);

