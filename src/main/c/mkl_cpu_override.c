/*
 * Lets the MKL inside libtorch run its AVX2/AVX-512 code paths on AMD processors.
 *
 * libtorch's CPU build links oneMKL statically and exports its symbols. MKL asks mkl_serv_intel_cpu_true() whether
 * the processor is Intel's and, on AMD, takes generic code paths: on this project's AMD EPYC (Zen 4, AVX-512) a
 * 1024^3 sgemm ran at 88 GFLOP/s on one thread this way and at 105 GFLOP/s with the answer forced to "yes"
 * (src/docs/decisions/0014-mkl-code-path-on-amd.md). MKL still checks each instruction set by CPUID before using it;
 * only the vendor test is answered here.
 *
 * Java loads this library before libtorch (dev.locus.model.NativeBlas). System.load opens a library locally, so
 * the constructor reopens it RTLD_GLOBAL: libtorch's calls to the symbol then bind here (it was built without
 * -Bsymbolic, so they go through its PLT).
 */
#define _GNU_SOURCE
#include <dlfcn.h>

int mkl_serv_intel_cpu_true(void) {
    return 1;
}

__attribute__((constructor)) static void make_global(void) {
    Dl_info self;
    if (dladdr((void *) &mkl_serv_intel_cpu_true, &self) && self.dli_fname != 0) {
        dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    }
}
