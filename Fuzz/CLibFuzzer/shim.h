// libFuzzer's entry for programs that keep their own main (LLVM 11 and later; clang's libclang_rt.fuzzer, which
// `swift build -Xswiftc -sanitize=fuzzer` links).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
