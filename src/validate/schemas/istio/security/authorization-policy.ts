/** AuthorizationPolicy (security.istio.io): allow, deny, audit or delegate (CUSTOM) requests by source, operation and conditions. */
import { Type, type Static } from "@sinclair/typebox";
import { StrictObject, StringEnum, defineIstioKind, withChecks } from "../define.js";
import { PolicyTargetReference, PolicyTargetReferences, WorkloadSelector } from "./common.js";

export const AUTHZ_ACTIONS = ["ALLOW", "DENY", "AUDIT", "CUSTOM"] as const;

const Strings = () => Type.Optional(Type.Array(Type.String()));
const ServiceAccounts = () => Type.Optional(Type.Array(Type.String({ maxLength: 320 }), { maxItems: 16 }));

/** Who sends the request: peer identity, namespace, IP blocks, JWT principal. */
const Source = withChecks(
  StrictObject({
    principals: Strings(),
    notPrincipals: Strings(),
    requestPrincipals: Strings(),
    notRequestPrincipals: Strings(),
    namespaces: Strings(),
    notNamespaces: Strings(),
    serviceAccounts: ServiceAccounts(),
    notServiceAccounts: ServiceAccounts(),
    ipBlocks: Strings(),
    notIpBlocks: Strings(),
    remoteIpBlocks: Strings(),
    notRemoteIpBlocks: Strings(),
    trustDomains: Strings(),
    notTrustDomains: Strings(),
  }),
  "source-service-accounts-exclusive",
);

/** What the request asks for: host, port, method, path. */
const Operation = StrictObject({
  hosts: Strings(),
  notHosts: Strings(),
  ports: Strings(),
  notPorts: Strings(),
  methods: Strings(),
  notMethods: Strings(),
  paths: Strings(),
  notPaths: Strings(),
});

/** An extra condition on a request attribute, e.g. key "request.headers[x-id]". */
const Condition = StrictObject({
  key: Type.String(),
  values: Strings(),
  notValues: Strings(),
});

const Rule = StrictObject({
  from: Type.Optional(Type.Array(StrictObject({ source: Type.Optional(Source) }), { maxItems: 512 })),
  to: Type.Optional(Type.Array(StrictObject({ operation: Type.Optional(Operation) }))),
  when: Type.Optional(Type.Array(Condition)),
});

/** The external authorizer a CUSTOM policy delegates to (a mesh-config extension provider). */
const ExtensionProvider = StrictObject({ name: Type.Optional(Type.String()) });

export const AuthorizationPolicySpec = withChecks(
  StrictObject({
    selector: Type.Optional(WorkloadSelector),
    targetRef: Type.Optional(PolicyTargetReference),
    targetRefs: Type.Optional(PolicyTargetReferences),
    rules: Type.Optional(Type.Array(Rule, { maxItems: 512 })),
    action: Type.Optional(StringEnum(AUTHZ_ACTIONS)),
    provider: Type.Optional(ExtensionProvider),
  }),
  "selector-or-target-refs",
);

export type AuthorizationPolicySpec = Static<typeof AuthorizationPolicySpec>;
export const AuthorizationPolicy = defineIstioKind("AuthorizationPolicy", AuthorizationPolicySpec);
