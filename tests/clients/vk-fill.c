// SPDX-License-Identifier: MIT
/*
 * vk-fill: a small Vulkan client for the emulator's client tests
 * (tests/cli/clients.bats).
 *
 *   vk-fill fill   vkCmdFillBuffer of a small buffer on a graphics queue and
 *                  on a compute-only queue; reads each back and checks
 *                  every dword. The size stays below the size from which
 *                  RADV fills with a compute shader, so RADV emits CP DMA
 *                  (DMA_DATA) packets the command processor executes.
 *   vk-fill lost   a fill of VRAM large enough that RADV dispatches a
 *                  compute shader, which the emulated CP cannot run: the
 *                  client must see VK_ERROR_DEVICE_LOST (see run_lost).
 *   vk-fill timestamp
 *                  the fill between two vkCmdWriteTimestamp, top and
 *                  bottom of the pipe (COPY_DATA from the GPU clock, and
 *                  RELEASE_MEM with the clock as data), on both queues:
 *                  the two timestamps are in order and lie between the
 *                  device clock read before the submission and after the
 *                  wait (VK_EXT_calibrated_timestamps, which reads it
 *                  through AMDGPU_INFO_TIMESTAMP).
 *
 * Exit status: 0 as expected, 1 not as expected, 77 no AMD Vulkan device.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vulkan/vulkan.h>

#define EXIT_SKIP 77
#define AMD_VENDOR_ID 0x1002u
/* RADV fills buffers of at least 4096 bytes with a compute shader
 * (RADV_BUFFER_OPS_CS_THRESHOLD in Mesa 22.3) and smaller ones with CP
 * DMA. */
#define SMALL_FILL 1024u
#define LARGE_FILL (64u * 1024u)
#define FENCE_TIMEOUT_NS (10ull * 1000 * 1000 * 1000)

struct client {
	VkInstance instance;
	VkPhysicalDevice pdev;
	VkDevice dev;
	uint32_t gfx_family, compute_family;
	bool has_compute_only;
	uint32_t gtt_type; /* host-visible, coherent, preferably not VRAM */
	uint32_t vram_type; /* the same in device-local memory, or UINT32_MAX */
	PFN_vkGetCalibratedTimestampsEXT calibrate; /* NULL: no extension */
};

static const char calibrated_ext[] = "VK_EXT_calibrated_timestamps";

static const char *vk_result_name(VkResult r)
{
	switch (r) {
	case VK_SUCCESS:
		return "VK_SUCCESS";
	case VK_TIMEOUT:
		return "VK_TIMEOUT";
	case VK_ERROR_DEVICE_LOST:
		return "VK_ERROR_DEVICE_LOST";
	case VK_ERROR_OUT_OF_HOST_MEMORY:
		return "VK_ERROR_OUT_OF_HOST_MEMORY";
	case VK_ERROR_OUT_OF_DEVICE_MEMORY:
		return "VK_ERROR_OUT_OF_DEVICE_MEMORY";
	case VK_ERROR_INITIALIZATION_FAILED:
		return "VK_ERROR_INITIALIZATION_FAILED";
	default:
		return "another VkResult";
	}
}

static bool check(VkResult r, const char *what)
{
	if (r == VK_SUCCESS)
		return true;
	fprintf(stderr, "vk-fill: %s: %s (%d)\n", what, vk_result_name(r), r);
	return false;
}

/* The first AMD physical device, its queue families and a host-visible,
 * coherent memory type. 0, 1 or EXIT_SKIP. */
static int client_init(struct client *c)
{
	VkApplicationInfo app = {
		.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
		.pApplicationName = "vk-fill",
		.apiVersion = VK_API_VERSION_1_1,
	};
	VkInstanceCreateInfo ici = {
		.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
		.pApplicationInfo = &app,
	};
	VkPhysicalDevice pdevs[8];
	VkQueueFamilyProperties qf[16];
	VkPhysicalDeviceMemoryProperties mp;
	VkPhysicalDeviceProperties props;
	VkExtensionProperties exts[256];
	const char *enable[1];
	uint32_t next = 256;
	const VkMemoryPropertyFlags want = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
					   VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
	uint32_t n = 8, nqf = 16, i;
	float prio = 1.0f;
	VkDeviceQueueCreateInfo qci[2];
	VkDeviceCreateInfo dci = {
		.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO
	};

	memset(c, 0, sizeof(*c));
	if (vkCreateInstance(&ici, NULL, &c->instance) != VK_SUCCESS) {
		fprintf(stderr, "vk-fill: SKIP: no Vulkan instance\n");
		return EXIT_SKIP;
	}
	if (vkEnumeratePhysicalDevices(c->instance, &n, pdevs) < 0)
		n = 0;
	for (i = 0; i < n; i++) {
		vkGetPhysicalDeviceProperties(pdevs[i], &props);
		if (props.vendorID == AMD_VENDOR_ID)
			break;
	}
	if (i == n) {
		fprintf(stderr, "vk-fill: SKIP: no AMD Vulkan device\n");
		return EXIT_SKIP;
	}
	c->pdev = pdevs[i];
	printf("device: %s\n", props.deviceName);

	vkGetPhysicalDeviceQueueFamilyProperties(c->pdev, &nqf, qf);
	c->gfx_family = UINT32_MAX;
	for (i = 0; i < nqf; i++) {
		if ((qf[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) &&
		    c->gfx_family == UINT32_MAX)
			c->gfx_family = i;
		if ((qf[i].queueFlags & VK_QUEUE_COMPUTE_BIT) &&
		    !(qf[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) &&
		    !c->has_compute_only) {
			c->compute_family = i;
			c->has_compute_only = true;
		}
	}
	if (c->gfx_family == UINT32_MAX || !c->has_compute_only) {
		fprintf(stderr, "vk-fill: no graphics or no compute-only queue "
				"family\n");
		return 1;
	}

	/* RADV on GFX10+ fills GTT buffers with CP DMA whatever their size
	 * (radv_prefer_compute_dma), VRAM ones from 4096 bytes on with a
	 * compute shader */
	vkGetPhysicalDeviceMemoryProperties(c->pdev, &mp);
	c->gtt_type = c->vram_type = UINT32_MAX;
	for (i = 0; i < mp.memoryTypeCount; i++) {
		VkMemoryPropertyFlags f = mp.memoryTypes[i].propertyFlags;

		if ((f & want) != want)
			continue;
		if (!(f & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) &&
		    c->gtt_type == UINT32_MAX)
			c->gtt_type = i;
		if ((f & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) &&
		    c->vram_type == UINT32_MAX)
			c->vram_type = i;
	}
	if (c->gtt_type == UINT32_MAX)
		c->gtt_type = c->vram_type;
	if (c->gtt_type == UINT32_MAX) {
		fprintf(stderr, "vk-fill: no host-visible coherent memory\n");
		return 1;
	}

	for (i = 0; i < 2; i++)
		qci[i] = (VkDeviceQueueCreateInfo){
			.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
			.queueFamilyIndex = i ? c->compute_family :
						c->gfx_family,
			.queueCount = 1,
			.pQueuePriorities = &prio,
		};
	dci.queueCreateInfoCount = 2;
	dci.pQueueCreateInfos = qci;
	if (vkEnumerateDeviceExtensionProperties(c->pdev, NULL, &next, exts) <
	    0)
		next = 0;
	for (i = 0; i < next; i++)
		if (!strcmp(exts[i].extensionName, calibrated_ext)) {
			enable[0] = calibrated_ext;
			dci.enabledExtensionCount = 1;
			dci.ppEnabledExtensionNames = enable;
		}
	if (!check(vkCreateDevice(c->pdev, &dci, NULL, &c->dev),
		   "vkCreateDevice"))
		return 1;
	if (dci.enabledExtensionCount)
		c->calibrate =
			(PFN_vkGetCalibratedTimestampsEXT)vkGetDeviceProcAddr(
				c->dev, "vkGetCalibratedTimestampsEXT");
	return 0;
}

static void client_fini(struct client *c)
{
	if (c->dev)
		vkDestroyDevice(c->dev, NULL);
	if (c->instance)
		vkDestroyInstance(c->instance, NULL);
}

/* Fill `size` bytes of a fresh host-visible buffer with `pattern` on the
 * family's queue; with a query pool `qp` of two timestamps, between
 * timestamps 0 (top of the pipe) and 1 (bottom). *res is what the
 * submission and the wait returned; *ok whether every dword reads back as
 * the pattern. false on a setup failure. */
static bool fill_once(struct client *c, uint32_t family, uint32_t mem_type,
		      uint32_t size, uint32_t pattern, VkQueryPool qp,
		      VkResult *res, bool *ok)
{
	VkBufferCreateInfo bci = {
		.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
		.size = size,
		.usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT,
		.sharingMode = VK_SHARING_MODE_EXCLUSIVE,
	};
	VkCommandPoolCreateInfo pci = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
		.queueFamilyIndex = family,
	};
	VkCommandBufferBeginInfo begin = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
		.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
	};
	VkFenceCreateInfo fci = { .sType =
					  VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
	VkMemoryRequirements req;
	VkBuffer buf = VK_NULL_HANDLE;
	VkDeviceMemory mem = VK_NULL_HANDLE;
	VkCommandPool pool = VK_NULL_HANDLE;
	VkCommandBuffer cmd;
	VkFence fence = VK_NULL_HANDLE;
	VkQueue queue;
	uint32_t *map = NULL, i, bad = 0;
	bool setup = false;

	*ok = false;
	vkGetDeviceQueue(c->dev, family, 0, &queue);
	if (!check(vkCreateBuffer(c->dev, &bci, NULL, &buf), "vkCreateBuffer"))
		goto out;
	vkGetBufferMemoryRequirements(c->dev, buf, &req);
	if (!(req.memoryTypeBits & (1u << mem_type))) {
		fprintf(stderr, "vk-fill: the buffer cannot live in "
				"host-visible memory\n");
		goto out;
	}
	VkMemoryAllocateInfo mai = {
		.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
		.allocationSize = req.size,
		.memoryTypeIndex = mem_type,
	};
	if (!check(vkAllocateMemory(c->dev, &mai, NULL, &mem),
		   "vkAllocateMemory") ||
	    !check(vkBindBufferMemory(c->dev, buf, mem, 0),
		   "vkBindBufferMemory") ||
	    !check(vkMapMemory(c->dev, mem, 0, size, 0, (void **)&map),
		   "vkMapMemory"))
		goto out;
	memset(map, 0, size);

	if (!check(vkCreateCommandPool(c->dev, &pci, NULL, &pool),
		   "vkCreateCommandPool"))
		goto out;
	VkCommandBufferAllocateInfo cai = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
		.commandPool = pool,
		.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
		.commandBufferCount = 1,
	};
	if (!check(vkAllocateCommandBuffers(c->dev, &cai, &cmd),
		   "vkAllocateCommandBuffers") ||
	    !check(vkBeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer"))
		goto out;
	if (qp) {
		vkCmdResetQueryPool(cmd, qp, 0, 2);
		vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, qp,
				    0);
	}
	vkCmdFillBuffer(cmd, buf, 0, size, pattern);
	if (qp)
		vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT,
				    qp, 1);
	if (!check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer") ||
	    !check(vkCreateFence(c->dev, &fci, NULL, &fence), "vkCreateFence"))
		goto out;
	setup = true;

	VkSubmitInfo si = {
		.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
		.commandBufferCount = 1,
		.pCommandBuffers = &cmd,
	};
	*res = vkQueueSubmit(queue, 1, &si, fence);
	if (*res == VK_SUCCESS)
		*res = vkWaitForFences(c->dev, 1, &fence, VK_TRUE,
				       FENCE_TIMEOUT_NS);
	if (*res == VK_SUCCESS)
		*res = vkQueueWaitIdle(queue);
	for (i = 0; i < size / 4; i++)
		if (map[i] != pattern && !bad++)
			fprintf(stderr,
				"vk-fill: dword %" PRIu32 " is 0x%08" PRIx32
				", not 0x%08" PRIx32 "\n",
				i, map[i], pattern);
	*ok = !bad;
out:
	if (fence)
		vkDestroyFence(c->dev, fence, NULL);
	if (pool)
		vkDestroyCommandPool(c->dev, pool, NULL);
	if (map)
		vkUnmapMemory(c->dev, mem);
	if (mem)
		vkFreeMemory(c->dev, mem, NULL);
	if (buf)
		vkDestroyBuffer(c->dev, buf, NULL);
	return setup;
}

static int run_fill(struct client *c)
{
	static const struct {
		const char *name;
		uint32_t pattern;
	} queues[] = { { "graphics", 0xdeadbeefu },
		       { "compute", 0x5a5a0f0fu } };
	int ret = 0;
	unsigned int q;

	for (q = 0; q < 2; q++) {
		uint32_t family = q ? c->compute_family : c->gfx_family;
		VkResult res = VK_SUCCESS;
		bool ok;

		if (!fill_once(c, family, c->gtt_type, SMALL_FILL,
			       queues[q].pattern, VK_NULL_HANDLE, &res, &ok))
			return 1;
		printf("%s queue (family %" PRIu32 "): %s, data %s\n",
		       queues[q].name, family, vk_result_name(res),
		       ok ? "ok" : "wrong");
		if (res != VK_SUCCESS || !ok)
			ret = 1;
	}
	return ret;
}

/*
 * The kernel reports the hang in the job's fence (-ETIME), in the
 * context's reset state (CTX_QUERY2) and by refusing the hung entity's
 * next CS (amdgpu_ctx_get_entity). Mesa 22.3's RADV waits on syncobjs,
 * which do not carry the fence error, and does not query the reset
 * state after a wait, so it learns of the loss at the next submission,
 * which it turns into VK_ERROR_DEVICE_LOST; newer RADV may report it at
 * the wait already. Either is a loss reported; success twice is not.
 */
static int run_lost(struct client *c)
{
	VkResult first = VK_SUCCESS, second = VK_SUCCESS;
	bool ok;

	if (c->vram_type == UINT32_MAX) {
		fprintf(stderr, "vk-fill: no host-visible VRAM\n");
		return 1;
	}
	if (!fill_once(c, c->compute_family, c->vram_type, LARGE_FILL,
		       0x12345678u, VK_NULL_HANDLE, &first, &ok))
		return 1;
	printf("compute-shader fill: %s, data %s\n", vk_result_name(first),
	       ok ? "written" : "not written");
	if (first != VK_ERROR_DEVICE_LOST) {
		bool ok2;

		if (!fill_once(c, c->compute_family, c->gtt_type, SMALL_FILL,
			       0x9abcdef0u, VK_NULL_HANDLE, &second, &ok2))
			return 1;
		printf("next submission: %s\n", vk_result_name(second));
	}
	if (first == VK_ERROR_DEVICE_LOST || second == VK_ERROR_DEVICE_LOST)
		return 0;
	fprintf(stderr,
		"vk-fill: work the device did not do ended with %s, "
		"and the next submission with %s, not "
		"VK_ERROR_DEVICE_LOST\n",
		vk_result_name(first), vk_result_name(second));
	return 1;
}

/* The device clock (VK_TIME_DOMAIN_DEVICE_EXT) now; false on a failure,
 * reported. */
static bool device_clock(struct client *c, uint64_t *t)
{
	VkCalibratedTimestampInfoEXT info = {
		.sType = VK_STRUCTURE_TYPE_CALIBRATED_TIMESTAMP_INFO_EXT,
		.timeDomain = VK_TIME_DOMAIN_DEVICE_EXT,
	};
	uint64_t deviation;

	return check(c->calibrate(c->dev, 1, &info, t, &deviation),
		     "vkGetCalibratedTimestampsEXT");
}

/* One queue of run_timestamp: 0 as expected, 1 not. */
static int timestamp_once(struct client *c, const char *name, uint32_t family)
{
	VkQueryPoolCreateInfo qci = {
		.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
		.queryType = VK_QUERY_TYPE_TIMESTAMP,
		.queryCount = 2,
	};
	VkQueryPool qp = VK_NULL_HANDLE;
	VkResult res = VK_SUCCESS, got = VK_NOT_READY;
	uint64_t before = 0, after = 0, ts[2] = { 0, 0 };
	bool ok = false;
	int ret = 1;

	if (!check(vkCreateQueryPool(c->dev, &qci, NULL, &qp),
		   "vkCreateQueryPool") ||
	    !device_clock(c, &before))
		goto out;
	if (!fill_once(c, family, c->gtt_type, SMALL_FILL, 0x0f0f5a5au, qp,
		       &res, &ok))
		goto out;
	if (!device_clock(c, &after))
		goto out;
	if (res == VK_SUCCESS)
		got = vkGetQueryPoolResults(
			c->dev, qp, 0, 2, sizeof(ts), ts, sizeof(ts[0]),
			VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
	printf("%s queue (family %" PRIu32 "): %s, data %s, timestamps %s: "
	       "%" PRIu64 " <= %" PRIu64 " <= %" PRIu64 " <= %" PRIu64 "\n",
	       name, family, vk_result_name(res), ok ? "ok" : "wrong",
	       vk_result_name(got), before, ts[0], ts[1], after);
	if (res == VK_SUCCESS && ok && got == VK_SUCCESS && before <= ts[0] &&
	    ts[0] <= ts[1] && ts[1] <= after)
		ret = 0;
	else
		fprintf(stderr,
			"vk-fill: %s queue: the timestamps are not "
			"in order with the device clock\n",
			name);
out:
	if (qp)
		vkDestroyQueryPool(c->dev, qp, NULL);
	return ret;
}

static int run_timestamp(struct client *c)
{
	int ret;

	if (!c->calibrate) {
		fprintf(stderr, "vk-fill: SKIP: the driver has no %s\n",
			calibrated_ext);
		return EXIT_SKIP;
	}
	ret = timestamp_once(c, "graphics", c->gfx_family);
	if (timestamp_once(c, "compute", c->compute_family))
		ret = 1;
	return ret;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(struct client *c);
	} modes[] = { { "fill", run_fill },
		      { "lost", run_lost },
		      { "timestamp", run_timestamp } };
	struct client c;
	unsigned int m;
	int ret;

	for (m = 0; argc == 2 && m < sizeof(modes) / sizeof(modes[0]); m++)
		if (!strcmp(argv[1], modes[m].name))
			break;
	if (argc != 2 || m == sizeof(modes) / sizeof(modes[0])) {
		fprintf(stderr, "usage: vk-fill fill|lost|timestamp\n");
		return 2;
	}
	ret = client_init(&c);
	if (!ret)
		ret = modes[m].run(&c);
	client_fini(&c);
	return ret;
}
