-- api/webhooks.sql: payment webhooks posted straight to the API. Style: see sql/api/ticketing.sql;
-- payment_webhook has one unnamed json parameter, so that PostgREST hands it the request body as it
-- came (the signature covers those bytes).

CREATE FUNCTION public.payment_webhook(json)
    RETURNS SETOF public.payment_webhook_result
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT * FROM fashionos.payment_webhook(fashionos.required($1, 'the request body')::text) $$;
COMMENT ON FUNCTION public.payment_webhook(json) IS
$$The endpoint a payment provider posts its webhook to: POST /rpc/payment_webhook with the provider's body and signature header, no key needed (anon). Stripe: Stripe-Signature t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> with the secret set by set_payment_webhook_secret, at most 300 s old. payment_intent.succeeded completes the payment named by metadata.payment_id when it paid its amount and currency, or every unpaid payment of its reservation when it paid their sum (one PaymentIntent for an order); charge.refunded, when the charge is refunded in full, refunds every payment its PaymentIntent completed (a refund of another PaymentIntent than the one that paid the named payment refunds nothing); a used ticket's refund is recorded and the ticket stays used. Other types (payment_intent.payment_failed and .canceled among them: no provider event fails a payment), and payments this database does not have, are acknowledged as ignored. An event id already processed answers duplicate and changes nothing. Errors: PT401 missing, malformed, stale or wrong signature (401, nothing written), 22023 a signed body that is not an event, or a payment id that is not a uuid (400), PT409 the payment's state does not allow it, or payment amount does not match (409), 55000 no secret set for the provider (500).$$;

CREATE FUNCTION public.set_payment_webhook_secret(p_provider text, p_secret text)
    RETURNS text
    LANGUAGE sql VOLATILE SECURITY INVOKER SET search_path = pg_catalog, pg_temp AS $$ SELECT fashionos.set_payment_webhook_secret(fashionos.required(p_provider, 'p_provider'), fashionos.required(p_secret, 'p_secret')) $$;
COMMENT ON FUNCTION public.set_payment_webhook_secret(text, text) IS
$$Sets or rotates the webhook signing secret of a payment provider (stripe, whose webhooks payment_webhook verifies; a paypal or square secret may be stored ahead of their verifiers) and answers set or rotated; after a rotation the previous secret still verifies for 24 hours. The secret is never readable back. For service_role and the database owner. Errors: 42501 not server-side code (401/403), 22023 unknown provider, a secret shorter than 16 characters or with white space around it (400).$$;

COMMENT ON FUNCTION fashionos.payment_webhook(text) IS 'Implementation of public.payment_webhook (SECURITY DEFINER: verifies the signature with the private secret, then changes the payment as server-side code).';
COMMENT ON FUNCTION fashionos.set_payment_webhook_secret(text, text) IS 'Implementation of public.set_payment_webhook_secret.';
