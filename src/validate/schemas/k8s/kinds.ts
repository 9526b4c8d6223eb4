/**
 * Kubernetes kinds, validated "enough to trust what the model reads": the fields the model and the
 * analyzers use are typed; anything else passes (the API server is the authority on the rest).
 * Static types come from @kubernetes/client-node (type-only imports: nothing is loaded at run time).
 */
import { Type, type TSchema } from "@sinclair/typebox";

/** An open object whose listed fields are all optional. */
const Open = (props: Record<string, TSchema>) =>
  Type.Object(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Type.Optional(v)])), { additionalProperties: true });
const StrMap = () => Type.Record(Type.String(), Type.String());
const IntOrString = () => Type.Union([Type.Integer(), Type.String()]);

const Labels = Open({ labels: StrMap(), annotations: StrMap() });

const ContainerPort = Open({ containerPort: Type.Integer({ minimum: 1, maximum: 65535 }), name: Type.String(), protocol: Type.String() });
const Container = Open({
  name: Type.String(),
  image: Type.String(),
  ports: Type.Array(ContainerPort),
});
const PodSpec = Open({
  containers: Type.Array(Container),
  initContainers: Type.Array(Container),
  serviceAccountName: Type.String(),
  hostNetwork: Type.Boolean(),
});
const PodTemplate = Open({ metadata: Labels, spec: PodSpec });
const LabelSelector = Open({ matchLabels: StrMap() });

const ServicePort = Open({
  name: Type.String(),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  targetPort: IntOrString(),
  protocol: Type.String({ enum: ["TCP", "UDP", "SCTP"] }),
  appProtocol: Type.String(),
  nodePort: Type.Integer(),
});

/** kind → schema of the whole object's `spec`/`data` parts the model reads. */
export const K8S_SCHEMAS: Record<string, TSchema> = {
  Namespace: Open({}),
  Service: Open({
    spec: Open({
      type: Type.String({ enum: ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"] }),
      ports: Type.Array(ServicePort),
      selector: StrMap(),
      clusterIP: Type.String(),
      externalName: Type.String(),
    }),
  }),
  Pod: Open({ spec: PodSpec, status: Open({ podIP: Type.String() }) }),
  Deployment: Open({ spec: Open({ selector: LabelSelector, template: PodTemplate, replicas: Type.Integer() }) }),
  StatefulSet: Open({ spec: Open({ selector: LabelSelector, template: PodTemplate }) }),
  DaemonSet: Open({ spec: Open({ selector: LabelSelector, template: PodTemplate }) }),
  ReplicaSet: Open({ spec: Open({ selector: LabelSelector, template: PodTemplate }) }),
  ReplicationController: Open({ spec: Open({ selector: StrMap(), template: PodTemplate }) }),
  Job: Open({ spec: Open({ template: PodTemplate }) }),
  CronJob: Open({ spec: Open({ jobTemplate: Open({ metadata: Labels, spec: Open({ template: PodTemplate }) }) }) }),
  Secret: Open({ data: StrMap(), stringData: StrMap(), type: Type.String() }),
  ConfigMap: Open({ data: StrMap() }),
  ServiceAccount: Open({}),
  Endpoints: Open({ subsets: Type.Array(Open({ addresses: Type.Array(Open({ ip: Type.String() })), ports: Type.Array(Open({ port: Type.Integer() })) })) }),
  EndpointSlice: Open({ endpoints: Type.Array(Open({ addresses: Type.Array(Type.String()) })), ports: Type.Array(Open({ port: Type.Integer() })) }),
  MutatingWebhookConfiguration: Open({ webhooks: Type.Array(Open({ name: Type.String() })) }),
  ValidatingWebhookConfiguration: Open({ webhooks: Type.Array(Open({ name: Type.String() })) }),
};
