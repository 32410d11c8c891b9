-- commerce.sql: what fashionos adds to shopify_shops, shopify_products, shopify_media_links,
-- amazon_connections, amazon_products, amazon_media_links (tests/spec/proposed-schema.md, tables
-- 39-44). The tables themselves are the spec's, as written, created by
-- sql/generated/spec_tables.sql; every addition is marked "addition" and listed in docs/schema.md.

-- ---------------------------------------------------------------------------------------------
-- shopify_media_links
-- ---------------------------------------------------------------------------------------------
-- addition: positions are not negative
ALTER TABLE public.shopify_media_links ADD CONSTRAINT shopify_media_links_position_nonnegative CHECK (position >= 0);

-- ---------------------------------------------------------------------------------------------
-- amazon_media_links
-- ---------------------------------------------------------------------------------------------
-- addition: positions are not negative
ALTER TABLE public.amazon_media_links ADD CONSTRAINT amazon_media_links_position_nonnegative CHECK (position >= 0);

-- ---------------------------------------------------------------------------------------------
-- The natural keys a sync upserts on (PostgREST: on_conflict=<columns>, with
-- Prefer: resolution=merge-duplicates): a provider's retried webhook updates its row instead of
-- adding a second one. Each key starts with the store or connection, so no key crosses
-- organizations.
-- ---------------------------------------------------------------------------------------------
-- addition: a product of a store once
CREATE UNIQUE INDEX idx_shopify_products_shop_product ON public.shopify_products (shop_id, shopify_product_id);
-- addition: a SKU of a seller once
CREATE UNIQUE INDEX idx_amazon_products_connection_sku ON public.amazon_products (connection_id, sku);
-- addition: an asset linked to a product once
CREATE UNIQUE INDEX idx_shopify_media_links_product_asset ON public.shopify_media_links (shopify_product_id, asset_id);
CREATE UNIQUE INDEX idx_amazon_media_links_product_asset ON public.amazon_media_links (amazon_product_id, asset_id);
