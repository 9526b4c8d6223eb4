/** RequestAuthentication (security.istio.io): which JWTs a workload accepts and how it finds and checks them. */
import { Type, type Static } from "@sinclair/typebox";
import { Duration, StrictObject, StringEnum, defineIstioKind, withChecks } from "../define.js";
import { PolicyTargetReference, PolicyTargetReferences, WorkloadSelector } from "./common.js";

const NonEmptyStrings = (o: { maxItems?: number } = {}) => Type.Optional(Type.Array(Type.String({ minLength: 1 }), o));
const JwksUri = () => Type.Optional(withChecks(Type.String({ minLength: 1, maxLength: 2048 }), "jwks-uri-scheme"));

/** A header that may carry the token, with an optional prefix such as "Bearer ". */
const JwtHeader = StrictObject({
  name: Type.String({ minLength: 1 }),
  prefix: Type.Optional(Type.String()),
});

/** Copy a claim of a verified token into a request header. */
const ClaimToHeader = StrictObject({
  header: Type.String({ minLength: 1, pattern: "^[-_A-Za-z0-9]+$" }),
  claim: Type.String({ minLength: 1 }),
});

const JwtRule = withChecks(
  StrictObject({
    issuer: Type.Optional(Type.String({ minLength: 1 })),
    audiences: NonEmptyStrings(),
    jwksUri: JwksUri(),
    /** The older snake_case spelling of jwksUri; both are accepted. */
    jwks_uri: JwksUri(),
    jwks: Type.Optional(Type.String()),
    fromHeaders: Type.Optional(Type.Array(JwtHeader)),
    fromParams: NonEmptyStrings(),
    fromCookies: NonEmptyStrings(),
    outputPayloadToHeader: Type.Optional(Type.String()),
    forwardOriginalToken: Type.Optional(Type.Boolean()),
    outputClaimToHeaders: Type.Optional(Type.Array(ClaimToHeader)),
    timeout: Type.Optional(withChecks(Duration(), "duration-min-1ms")),
    spaceDelimitedClaims: NonEmptyStrings({ maxItems: 64 }),
    presence: Type.Optional(StringEnum(["OPTIONAL", "REQUIRED"] as const)),
  }),
  "jwt-rule-single-jwks-source",
);

export const RequestAuthenticationSpec = withChecks(
  StrictObject({
    selector: Type.Optional(WorkloadSelector),
    targetRef: Type.Optional(PolicyTargetReference),
    targetRefs: Type.Optional(PolicyTargetReferences),
    jwtRules: Type.Optional(Type.Array(JwtRule, { maxItems: 4096 })),
  }),
  "selector-or-target-refs",
);

export type RequestAuthenticationSpec = Static<typeof RequestAuthenticationSpec>;
export const RequestAuthentication = defineIstioKind("RequestAuthentication", RequestAuthenticationSpec);
