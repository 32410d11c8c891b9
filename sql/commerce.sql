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
