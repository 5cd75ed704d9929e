// WebGPU for the unit tests: Dawn through the `webgpu` npm package on whatever Vulkan driver the machine has —
// on CI and GPU-less machines SwiftShader, the software Vulkan driver Debian's chromium package ships. The
// tests set it up themselves where they can (VK_ICD_FILENAMES, and the Vulkan loader from chromium's folder);
// with CI=true a missing adapter fails the suite, elsewhere the WebGPU tests are skipped with the reason.
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Context } from 'mocha';

/** Debian's chromium ships SwiftShader's Vulkan driver and a Vulkan loader here. */
const CHROMIUM_LIBRARIES = '/usr/lib/chromium';
const SWIFTSHADER_ICD = `${CHROMIUM_LIBRARIES}/vk_swiftshader_icd.json`;
const VULKAN_LOADER = `${CHROMIUM_LIBRARIES}/libvulkan.so.1`;
/** glibc's RTLD_NODELETE (Node's os.constants.dlopen does not list it): keeps the loader mapped after a failed addon load. */
const RTLD_NODELETE = 0x1000;

/** A WebGPU entry point and one device on it, for one test file. */
export interface TestGpu {
  readonly gpu: GPU;
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  /** Adapter description, for test titles and logs. */
  readonly description: string;
  /** Destroys the device and drops the references that keep Dawn (and Node) alive. */
  release(): void;
}

/**
 * Points Dawn at SwiftShader when nothing else is configured: sets VK_ICD_FILENAMES, and when the system has no
 * Vulkan loader (Debian keeps chromium's private), loads chromium's libvulkan.so.1 into the process so that
 * Dawn's dlopen("libvulkan.so.1") finds it — the in-process equivalent of LD_LIBRARY_PATH=/usr/lib/chromium.
 */
export function configureSoftwareVulkan(): string[] {
  const notes: string[] = [];
  if (process.platform !== 'linux') return notes;
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && fs.existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    notes.push(`VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`);
  }
  const loaderOnPath = (process.env.LD_LIBRARY_PATH ?? '').split(':').includes(CHROMIUM_LIBRARIES);
  const systemLoader = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib/libvulkan.so.1', '/lib/x86_64-linux-gnu/libvulkan.so.1'].some((p) => fs.existsSync(p));
  if (!loaderOnPath && !systemLoader && fs.existsSync(VULKAN_LOADER)) {
    try {
      process.dlopen({ exports: {} } as NodeJS.Module, VULKAN_LOADER, os.constants.dlopen.RTLD_NOW | os.constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE);
    } catch {
      // "Module did not self-register": expected, it is not a Node addon; RTLD_NODELETE keeps it loaded.
    }
    notes.push(`preloaded ${VULKAN_LOADER}`);
  }
  return notes;
}

/** Why there is no adapter, with what to do about it. */
function noAdapterMessage(notes: string[]): string {
  return [
    'no WebGPU adapter: Dawn (npm "webgpu") found no Vulkan driver.',
    'Install Debian\'s chromium (it ships SwiftShader) or set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json and LD_LIBRARY_PATH=/usr/lib/chromium.',
    notes.length ? `(tried: ${notes.join('; ')})` : '',
  ].join(' ');
}

/**
 * A WebGPU device for this test file, or — outside CI — a skip with the reason. With CI=true a missing adapter
 * throws, so the suite fails rather than passing without having run.
 */
export async function openTestGpu(context: Context): Promise<TestGpu> {
  const notes = configureSoftwareVulkan();
  const { create, globals } = (await import('webgpu')) as { create(options: string[]): GPU; globals: Record<string, unknown> };
  Object.assign(globalThis, globals);
  let gpu: GPU | null = create([]);
  let adapter: GPUAdapter | null = await gpu.requestAdapter();
  if (!adapter) {
    gpu = null;
    const message = noAdapterMessage(notes);
    if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${message} CI=true: a WebGPU suite must run on CI, so this is a failure.`);
    console.log(`      WebGPU tests skipped: ${message}`);
    context.skip();
  }
  let device: GPUDevice | null = await adapter!.requestDevice({ label: 'activation-lab unit tests' });
  const info = adapter!.info;
  const description = `${info.vendor || 'unknown vendor'} ${info.architecture || ''} ${info.description || ''}`.replace(/\s+/g, ' ').trim();
  return {
    gpu: gpu!,
    adapter: adapter!,
    device: device!,
    description,
    release() {
      device?.destroy();
      device = null;
      adapter = null;
      gpu = null;
    },
  };
}
