/** A resource's "full name" as istioctl writes it inside messages: `namespace/name`, or `name` without a namespace. */

export function fullName(r: { namespace?: string | undefined; name: string }): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}

/**
 * A reference `ns/name`, or a bare `name` taken in `defaultNamespace` (Istio's NewShortOrFullName):
 * the namespace and name it stands for.
 */
export function parseShortOrFullName(ref: string, defaultNamespace: string | undefined): { namespace: string | undefined; name: string } {
  const slash = ref.indexOf("/");
  if (slash < 0) return { namespace: defaultNamespace, name: ref };
  return { namespace: ref.slice(0, slash) || undefined, name: ref.slice(slash + 1) };
}
