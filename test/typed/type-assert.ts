// Compile-time assertions for the type-level tests in this folder (they are compiled, never run).

/** `true` when `A` and `B` are the same type (not merely assignable to each other). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when `T` is `true`: `type _ = Expect<Equal<X, Y>>`. */
export type Expect<T extends true> = T;
