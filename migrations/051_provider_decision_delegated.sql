-- SEL §101a stk. 5 (text in 002): "Kommunalbestyrelsen kan beslutte, at de leverandører af tilbud, der er indgået
-- aftale med, jf. stk. 2, skal behandle henvendelser, jf. stk. 3, og træffe afgørelse om behandling". Whether the
-- municipality has delegated the decision is a fact per provider of an offer, not the default: without it the
-- municipality decides (stk. 4), and a partner's staff cannot record the decision. Written only by writeOffer
-- (src/lib/server/catalogue/catalogue.ts) from the offer's `providers[].decisionDelegated`; the decision's write
-- (src/lib/server/staff/staff-course.ts recordDecision) asks this column in the same statement.
alter table portal.offer_provider add column decision_delegated boolean not null default false;
