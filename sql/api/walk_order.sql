-- api/walk_order.sql: the runway line-up. Style: see sql/api/ticketing.sql. The implementations
-- are SECURITY INVOKER: row level security of event_models decides what the caller sees and may
-- change.

CREATE FUNCTION public.validate_walk_order(p_event_id uuid, p_min_gap integer DEFAULT NULL)
    RETURNS SETOF public.walk_order_violation
    LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.validate_walk_order(p_event_id, p_min_gap) $$;
COMMENT ON FUNCTION public.validate_walk_order(uuid, integer) IS
    'Every violation of an event''s line-up, one row each: violation (duplicate_position, missing_position, opener_not_first, closer_not_last, multiple_openers, multiple_closers, too_close), the event_models ids involved, their walk orders, a message. too_close: one model walks twice fewer than p_min_gap looks apart (default: the event''s walk_min_gap, 5). No rows: the line-up is valid. Errors: 22023 bad argument (400), PT404 event not visible (404).';

CREATE FUNCTION public.set_walk_order(p_event_id uuid, p_event_model_ids uuid[])
    RETURNS SETOF public.event_models
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$
    SELECT fashionos.set_walk_order(p_event_id, p_event_model_ids);
    SELECT em.* FROM public.event_models em WHERE em.event_id = p_event_id ORDER BY em.walk_order, em.id;
$$;
COMMENT ON FUNCTION public.set_walk_order(uuid, uuid[]) IS
    'Sets the running order of an event: p_event_model_ids lists each of its castings (event_models ids) exactly once, in walking order; casting k gets walk_order k, all in one statement (swaps and shifts work). Returns the event''s castings in the new order. Errors: 22023 list not naming each casting exactly once (DETAIL: missing, foreign, repeated ids) (400), PT404 event not visible (404), 42501 caller may not update the castings (401/403).';

COMMENT ON FUNCTION fashionos.validate_walk_order(uuid, integer) IS 'Implementation of public.validate_walk_order (SECURITY INVOKER: row level security applies).';
COMMENT ON FUNCTION fashionos.set_walk_order(uuid, uuid[]) IS 'Implementation of public.set_walk_order (SECURITY INVOKER: row level security applies).';
