// SPDX-License-Identifier: MIT
/*
 * gl-fill: a small OpenGL client for the emulator's client tests
 * (tests/cli/clients.bats), run on Mesa's radeonsi through EGL's
 * surfaceless platform.
 *
 *   gl-fill fill   glClearBufferSubData of a small buffer, read back with
 *                  glGetBufferSubData, between two GL_TIMESTAMP queries.
 *                  The size stays below the size from which radeonsi
 *                  clears with a compute shader, so it emits CP DMA
 *                  (DMA_DATA) packets the command processor executes; the
 *                  timestamps (RELEASE_MEM with the GPU clock as data) are
 *                  in order and lie between glGetInteger64v(GL_TIMESTAMP)
 *                  before and after, which radeonsi reads through
 *                  AMDGPU_INFO_TIMESTAMP.
 *   gl-fill lost   a clear large enough that radeonsi dispatches a compute
 *                  shader, which the emulated CP cannot run: on a context
 *                  with reset notification, glGetGraphicsResetStatus must
 *                  report a reset.
 *
 * Exit status: 0 as expected, 1 not as expected, 77 no radeonsi context.
 */
#define GL_GLEXT_PROTOTYPES 1
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/gl.h>
#include <GL/glext.h>

#define EXIT_SKIP 77
/* Mesa 22.3's radeonsi (si_clear_buffer) clears this buffer with CP DMA
 * up to 4 KiB and with a compute shader from 8 KiB on (both tried). */
#define SMALL_CLEAR 1024u
#define LARGE_CLEAR (64u * 1024u)

struct client {
	EGLDisplay dpy;
	EGLContext ctx;
};

static const char *reset_name(GLenum s)
{
	switch (s) {
	case GL_NO_ERROR:
		return "GL_NO_ERROR";
	case GL_GUILTY_CONTEXT_RESET:
		return "GL_GUILTY_CONTEXT_RESET";
	case GL_INNOCENT_CONTEXT_RESET:
		return "GL_INNOCENT_CONTEXT_RESET";
	case GL_UNKNOWN_CONTEXT_RESET:
		return "GL_UNKNOWN_CONTEXT_RESET";
	default:
		return "another status";
	}
}

/* A desktop GL 4.3 core context with reset notification on the
 * surfaceless platform's device; it must be radeonsi. 0, 1 or
 * EXIT_SKIP. */
static int client_init(struct client *c)
{
	static const EGLint attrs[] = {
		EGL_CONTEXT_MAJOR_VERSION,
		4,
		EGL_CONTEXT_MINOR_VERSION,
		3,
		EGL_CONTEXT_OPENGL_PROFILE_MASK,
		EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
		EGL_CONTEXT_OPENGL_RESET_NOTIFICATION_STRATEGY,
		EGL_LOSE_CONTEXT_ON_RESET,
		EGL_NONE,
	};
	const char *renderer;
	EGLint major, minor;

	memset(c, 0, sizeof(*c));
	c->dpy = eglGetPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA,
				       EGL_DEFAULT_DISPLAY, NULL);
	if (c->dpy == EGL_NO_DISPLAY ||
	    !eglInitialize(c->dpy, &major, &minor)) {
		fprintf(stderr,
			"gl-fill: SKIP: no surfaceless EGL display "
			"(0x%x)\n",
			eglGetError());
		c->dpy = EGL_NO_DISPLAY;
		return EXIT_SKIP;
	}
	if (!eglBindAPI(EGL_OPENGL_API)) {
		fprintf(stderr, "gl-fill: SKIP: no desktop OpenGL\n");
		return EXIT_SKIP;
	}
	c->ctx = eglCreateContext(c->dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT,
				  attrs);
	if (c->ctx == EGL_NO_CONTEXT ||
	    !eglMakeCurrent(c->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, c->ctx)) {
		fprintf(stderr, "gl-fill: SKIP: no GL 4.3 context (0x%x)\n",
			eglGetError());
		return EXIT_SKIP;
	}
	renderer = (const char *)glGetString(GL_RENDERER);
	printf("renderer: %s\n", renderer ? renderer : "(none)");
	if (!renderer || strncmp(renderer, "AMD ", 4)) {
		fprintf(stderr,
			"gl-fill: SKIP: the context is not radeonsi's\n");
		return EXIT_SKIP;
	}
	return 0;
}

static void client_fini(struct client *c)
{
	if (c->dpy == EGL_NO_DISPLAY)
		return;
	eglMakeCurrent(c->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	if (c->ctx != EGL_NO_CONTEXT)
		eglDestroyContext(c->dpy, c->ctx);
	eglTerminate(c->dpy);
}

/* Clear `size` bytes of a new buffer to `pattern` and read it back: the
 * number of dwords that differ, or -1 when the buffer cannot be read. */
static long clear_once(uint32_t size, uint32_t pattern)
{
	uint32_t *back = calloc(1, size), i;
	GLuint buf;
	long bad = 0;

	if (!back)
		return -1;
	glGenBuffers(1, &buf);
	glBindBuffer(GL_COPY_WRITE_BUFFER, buf);
	glBufferData(GL_COPY_WRITE_BUFFER, size, NULL, GL_STATIC_DRAW);
	glClearBufferSubData(GL_COPY_WRITE_BUFFER, GL_R32UI, 0, size,
			     GL_RED_INTEGER, GL_UNSIGNED_INT, &pattern);
	glFinish();
	glGetBufferSubData(GL_COPY_WRITE_BUFFER, 0, size, back);
	for (i = 0; i < size / 4; i++)
		if (back[i] != pattern && !bad++)
			fprintf(stderr,
				"gl-fill: dword %" PRIu32 " is 0x%08" PRIx32
				", not 0x%08" PRIx32 "\n",
				i, back[i], pattern);
	glDeleteBuffers(1, &buf);
	free(back);
	return bad;
}

static int run_fill(void)
{
	GLint64 before = 0, after = 0;
	GLuint64 ts[2] = { 0, 0 };
	GLuint q[2];
	GLenum err;
	long bad;

	glGenQueries(2, q);
	glGetInteger64v(GL_TIMESTAMP, &before);
	glQueryCounter(q[0], GL_TIMESTAMP);
	bad = clear_once(SMALL_CLEAR, 0xdeadbeefu);
	glQueryCounter(q[1], GL_TIMESTAMP);
	glGetQueryObjectui64v(q[0], GL_QUERY_RESULT, &ts[0]);
	glGetQueryObjectui64v(q[1], GL_QUERY_RESULT, &ts[1]);
	glGetInteger64v(GL_TIMESTAMP, &after);
	glDeleteQueries(2, q);
	err = glGetError();
	printf("clear: %s, GL error 0x%x, reset status %s\n",
	       bad ? "wrong" : "ok", err,
	       reset_name(glGetGraphicsResetStatus()));
	printf("timestamps: %" PRId64 " <= %" PRIu64 " <= %" PRIu64
	       " <= %" PRId64 "\n",
	       (int64_t)before, (uint64_t)ts[0], (uint64_t)ts[1],
	       (int64_t)after);
	if (bad || err != GL_NO_ERROR)
		return 1;
	if (before < 0 || (GLuint64)before > ts[0] || ts[0] > ts[1] ||
	    ts[1] > (GLuint64)after) {
		fprintf(stderr, "gl-fill: the timestamps are not in order "
				"with the GPU clock\n");
		return 1;
	}
	return 0;
}

/*
 * The kernel resets the ring (per-queue reset) and reports it in the
 * context's reset state (CTX_QUERY2); radeonsi turns that into
 * glGetGraphicsResetStatus. Not guilty: only a full GPU reset marks the
 * context guilty, so radeonsi says INNOCENT; any reset is accepted here,
 * GL_NO_ERROR is not.
 */
static int run_lost(void)
{
	long bad = clear_once(LARGE_CLEAR, 0x12345678u);
	GLenum status = glGetGraphicsResetStatus();

	printf("compute-shader clear: data %s, reset status %s\n",
	       bad ? "not written" : "written", reset_name(status));
	if (status != GL_NO_ERROR)
		return 0;
	fprintf(stderr, "gl-fill: work the device did not do left the "
			"context without a reset\n");
	return 1;
}

int main(int argc, char **argv)
{
	struct client c;
	int ret;

	if (argc != 2 || (strcmp(argv[1], "fill") && strcmp(argv[1], "lost"))) {
		fprintf(stderr, "usage: gl-fill fill|lost\n");
		return 2;
	}
	ret = client_init(&c);
	if (!ret)
		ret = strcmp(argv[1], "fill") ? run_lost() : run_fill();
	client_fini(&c);
	return ret;
}
