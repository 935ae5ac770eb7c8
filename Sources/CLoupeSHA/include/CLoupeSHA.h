#ifndef CLOUPESHA_H
#define CLOUPESHA_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has the x86 SHA extensions (and SSSE3/SSE4.1), else 0.
int loupe_sha256_hardware_available(void);

/// Compresses `blocks` 64-byte blocks into `state` with the SHA extensions.
/// Call only when loupe_sha256_hardware_available() returned 1.
void loupe_sha256_hardware_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
