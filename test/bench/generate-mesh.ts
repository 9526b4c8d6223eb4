/**
 * The synthetic mesh the benchmarks run on: per service a Deployment, Service, VirtualService and
 * DestinationRule, plus AuthorizationPolicies, ServiceEntries, and per namespace a Gateway,
 * PeerAuthentication and Sidecar. Deterministic: the same arguments give the same bytes.
 */

export interface MeshSize {
  services: number;
  namespaces: number;
  /** Prefix of namespace names (default "team"), so several meshes can be loaded side by side. */
  prefix?: string;
  /** Gateway hosts `*.team-N.example.com`, so every namespace's VirtualServices bind (the gateway compile row); default: `team-N.example.com`. */
  wildcardGatewayHosts?: boolean;
}

/** About 10 MB and 11,000 documents. */
export const DEFAULT_MESH: MeshSize = { services: 2600, namespaces: 40 };

export function generateMesh(size: MeshSize = DEFAULT_MESH): string {
  prefix = size.prefix ?? "team";
  wildcardHosts = size.wildcardGatewayHosts === true;
  const out: string[] = [];
  for (let n = 0; n < size.namespaces; n++) out.push(namespaceDocs(n));
  for (let i = 0; i < size.services; i++) out.push(serviceDocs(i, i % size.namespaces));
  return out.join("---\n");
}

let prefix = "team";
let wildcardHosts = false;
const ns = (n: number) => `${prefix}-${n}`;

function namespaceDocs(n: number): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns(n)}
  labels:
    istio-injection: enabled
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw-${n}
  namespace: ${ns(n)}
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "${wildcardHosts ? "*." : ""}team-${n}.example.com"
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "${wildcardHosts ? "*." : ""}team-${n}.example.com"
    tls:
      mode: SIMPLE
      credentialName: team-${n}-cert
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: ${ns(n)}
spec:
  mtls:
    mode: STRICT
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: ${ns(n)}
spec:
  egress:
  - hosts:
    - "./*"
    - "${ns((n + 1) % 40)}/*"
    - "istio-system/*"
`;
}

function serviceDocs(i: number, n: number): string {
  const name = `svc-${i}`;
  const namespace = ns(n);
  let docs = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-v1
  namespace: ${namespace}
  labels:
    app: ${name}
    version: v1
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
      version: v1
  template:
    metadata:
      labels:
        app: ${name}
        version: v1
      annotations:
        sidecar.istio.io/proxyCPU: "100m"
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
        prometheus.io/path: /metrics
        proxy.istio.io/config: |
          holdApplicationUntilProxyStarts: true
    spec:
      serviceAccountName: ${name}
      containers:
      - name: app
        image: registry.example.com/${name}:1.${i % 10}.0
        ports:
        - containerPort: 8080
          name: http
        - containerPort: 9090
          name: grpc
        env:
        - name: LOG_LEVEL
          value: info
        - name: UPSTREAM
          value: "http://svc-${(i + 1) % 2600}.${ns((i + 1) % 40)}:8080"
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: ${name}-db
              key: password
        volumeMounts:
        - name: config
          mountPath: /etc/${name}
          readOnly: true
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            cpu: "1"
            memory: 512Mi
        readinessProbe:
          httpGet:
            path: /ready
            port: 8080
          periodSeconds: 5
        livenessProbe:
          httpGet:
            path: /healthz
            port: 8080
        securityContext:
          runAsNonRoot: true
          allowPrivilegeEscalation: false
      volumes:
      - name: config
        configMap:
          name: ${name}-config
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
  labels:
    app: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - name: http
    port: 8080
    targetPort: 8080
  - name: grpc
    port: 9090
    targetPort: 9090
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  hosts:
  - ${name}
  - "${name}.team-${n}.example.com"
  gateways:
  - mesh
  - gw-${n}
  http:
  - name: canary
    match:
    - headers:
        x-canary:
          exact: "true"
    - uri:
        prefix: /beta
    route:
    - destination:
        host: ${name}
        subset: v2
        port:
          number: 8080
    retries:
      attempts: 3
      perTryTimeout: 2s
      retryOn: 5xx,connect-failure
  - name: default
    route:
    - destination:
        host: ${name}
        subset: v1
        port:
          number: 8080
      weight: 90
    - destination:
        host: ${name}
        subset: v2
        port:
          number: 8080
      weight: 10
    timeout: 10s
    corsPolicy:
      allowOrigins:
      - exact: https://team-${n}.example.com
      allowMethods:
      - GET
      - POST
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  host: ${name}
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 100
      http:
        http1MaxPendingRequests: 100
        maxRequestsPerConnection: 10
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 30s
      baseEjectionTime: 60s
    tls:
      mode: ISTIO_MUTUAL
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
`;
  if (i % 4 === 0) {
    docs += `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}-allow
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: ${name}
  action: ALLOW
  rules:
  - from:
    - source:
        principals:
        - cluster.local/ns/${namespace}/sa/svc-${(i + 1) % 2600}
    to:
    - operation:
        methods: ["GET", "POST"]
        paths: ["/api/*"]
`;
  }
  if (i % 10 === 0) {
    docs += `---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ext-${i}
  namespace: ${namespace}
spec:
  hosts:
  - api-${i}.external.example.org
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - number: 443
    name: https
    protocol: TLS
`;
  }
  return docs;
}
