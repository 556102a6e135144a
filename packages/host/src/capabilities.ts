import { Capability } from '@functions-rpc/protocol';

export { Capability, hasCapability, type CapabilityName } from '@functions-rpc/protocol';

/** What the host advertises in WorkerInitRequest, as the reference host does outside v2-compatibility mode. */
export const HOST_CAPABILITIES: Readonly<Record<string, string>> = { [Capability.MultiStream]: '10' };
