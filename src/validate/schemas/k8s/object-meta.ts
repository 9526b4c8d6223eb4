/** ObjectMeta as the API server accepts it; strict for Istio kinds (a typo in metadata is a mistake). */
import { Type } from "@sinclair/typebox";

const Str = () => Type.Optional(Type.String());
const Map = () => Type.Optional(Type.Record(Type.String(), Type.String()));
const Opt = Type.Optional;

export const ObjectMeta = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    generateName: Str(),
    namespace: Str(),
    selfLink: Str(),
    uid: Str(),
    resourceVersion: Str(),
    generation: Opt(Type.Integer()),
    creationTimestamp: Opt(Type.Union([Type.String(), Type.Null()])),
    deletionTimestamp: Opt(Type.Union([Type.String(), Type.Null()])),
    deletionGracePeriodSeconds: Opt(Type.Integer()),
    labels: Map(),
    annotations: Map(),
    ownerReferences: Opt(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
    finalizers: Opt(Type.Array(Type.String())),
    managedFields: Opt(Type.Array(Type.Unknown())),
  },
  { additionalProperties: false },
);
