/* Linked into libquiver_c only by Zig builds for Linux (see CMakeLists.txt).
 *
 * A C++ object with static storage registers its destructor with __cxa_atexit(dtor, obj,
 * &__dso_handle). GCC links crtbeginS.o into every shared library, whose destructor calls
 * __cxa_finalize(&__dso_handle) when the library is unloaded, so those destructors run while the
 * code is still mapped. Zig's linker driver does not add that file: after a dlclose() (koffi
 * unloads the library when Node exits) glibc would call the destructors at process exit, in
 * unmapped memory, and crash. This destructor does what crtbeginS.o would. Running it twice is
 * harmless: __cxa_finalize runs each registration once. musl never unloads libraries and its
 * __cxa_finalize does nothing. */
extern void *__dso_handle __attribute__((visibility("hidden")));
extern void __cxa_finalize(void *);

__attribute__((destructor)) static void quiver_dso_finalize(void) {
  __cxa_finalize(&__dso_handle);
}
