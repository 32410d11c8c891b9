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

COMMENT ON TABLE public.shopify_shops IS 'Shopify stores a user connected through OAuth (one row per store).';
COMMENT ON COLUMN public.shopify_shops.shop_domain IS 'The store''s myshopify.com domain; a store is connected once.';
COMMENT ON COLUMN public.shopify_shops.access_token IS 'OAuth token (Admin API access token), never readable through the API.';
COMMENT ON COLUMN public.shopify_shops.status IS 'Connection state (free text, default active), e.g. active, uninstalled.';

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

COMMENT ON TABLE public.shopify_products IS 'Products of a connected Shopify store, as last synced.';
COMMENT ON COLUMN public.shopify_products.shopify_product_id IS 'Product id in Shopify (text, e.g. a gid://shopify/Product/... id).';
COMMENT ON COLUMN public.shopify_products.handle IS 'URL handle of the product in the store.';
COMMENT ON COLUMN public.shopify_products.status IS 'Product status as Shopify reports it: active, draft or archived.';
COMMENT ON COLUMN public.shopify_products.synced_at IS 'Last successful sync from Shopify (NULL: never synced).';

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

COMMENT ON TABLE public.shopify_media_links IS 'Assets used as media of a Shopify product, in order.';
COMMENT ON COLUMN public.shopify_media_links.shopify_product_id IS 'The shopify_products row (its id, not Shopify''s product id).';
COMMENT ON COLUMN public.shopify_media_links.shopify_media_id IS 'Media id Shopify returned when the asset was attached.';
COMMENT ON COLUMN public.shopify_media_links.position IS 'Position among the product''s media (ascending), >= 0.';

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

COMMENT ON TABLE public.amazon_connections IS 'Amazon Seller Central accounts a user connected through OAuth (one row per seller).';
COMMENT ON COLUMN public.amazon_connections.seller_id IS 'Amazon seller (merchant) id; a seller is connected once.';
COMMENT ON COLUMN public.amazon_connections.marketplace_id IS 'Amazon marketplace id, e.g. ATVPDKIKX0DER (amazon.com).';
COMMENT ON COLUMN public.amazon_connections.access_token IS 'OAuth token (Selling Partner API), never readable through the API.';
COMMENT ON COLUMN public.amazon_connections.status IS 'Connection state (free text, default active), e.g. active, expired, revoked.';

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

COMMENT ON TABLE public.amazon_products IS 'Listings of a connected Amazon seller account, as last synced.';
COMMENT ON COLUMN public.amazon_products.sku IS 'Seller SKU of the listing.';
COMMENT ON COLUMN public.amazon_products.asin IS 'Amazon Standard Identification Number (NULL until Amazon assigns one).';
COMMENT ON COLUMN public.amazon_products.status IS 'Listing status as Amazon reports it (free text), e.g. active, inactive, incomplete.';
COMMENT ON COLUMN public.amazon_products.synced_at IS 'Last successful sync from Amazon (NULL: never synced).';

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

COMMENT ON TABLE public.amazon_media_links IS 'Assets used as images of an Amazon listing, in order.';
COMMENT ON COLUMN public.amazon_media_links.amazon_product_id IS 'The amazon_products row (its id, not the ASIN).';
COMMENT ON COLUMN public.amazon_media_links.position IS 'Position among the listing''s images (0: main image), >= 0.';
