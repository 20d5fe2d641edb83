/**
 * Which kernel family runs the recurrent ops. 'fast' is the default; 'reference' runs the
 * readable float64 kernels (slow, exact) and exists so tests can compare the two.
 */
export type KernelVariant = 'reference' | 'fast';

let variant: KernelVariant = 'fast';

/** Selects the kernel family (internal; tests use it to compare kernels). */
export function setKernelVariant(v: KernelVariant): void {
  variant = v;
}

export function getKernelVariant(): KernelVariant {
  return variant;
}
