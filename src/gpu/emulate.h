/* SPDX-License-Identifier: MIT */
/*
 * --emulate[=PROFILE] (SPEC §5): re-execute userq-bench with the project's
 * amdgpu kernel emulator (libuserq-emu.so) preloaded.
 */
#ifndef UQ_SRC_EMULATE_H
#define UQ_SRC_EMULATE_H

#include <stdbool.h>
#include <stddef.h>

/* Set in the re-executed child, so it does not re-execute again. */
#define UQ_EMULATE_MARKER "USERQ_BENCH_EMULATED"

/**
 * uq_emulate_profile_names - "6.16, 6.18, ..." for messages.
 * @buf: output, NUL-terminated (truncated if short).
 */
char *uq_emulate_profile_names(char *buf, size_t len);

/**
 * uq_emulate_profile - the profile to run: @requested (--emulate=NAME),
 * else $USERQ_EMU_PROFILE, else the default (6.18).
 *
 * Returns the name, or NULL if the chosen name is not a known profile; then
 * *bad is the unknown name.
 */
const char *uq_emulate_profile(const char *requested, const char **bad);

/* Are we the re-executed child (the emulator is preloaded)? */
bool uq_emulate_is_child(void);

/**
 * uq_emulate_reexec - execute this binary again with the same @argv,
 * LD_PRELOAD=<lib>[:existing], USERQ_EMU_PROFILE=@profile and the marker.
 *
 * Returns only on failure, with the exit code (UQ_EXIT_NODEV) after
 * printing the message.
 */
int uq_emulate_reexec(const char *profile, char **argv);

#endif
