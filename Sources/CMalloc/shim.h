#ifndef CHECKPOINTD_CMALLOC_SHIM_H
#define CHECKPOINTD_CMALLOC_SHIM_H
// glibc's malloc_trim(3), which Swift's Glibc module does not export.
#include <malloc.h>
#endif
