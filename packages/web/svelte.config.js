import adapter from '@sveltejs/adapter-node';

// SEJAHTERA_WEB_OUT=<folder> builds into <folder>/kit and <folder>/build instead of .svelte-kit and build,
// so that two builds (two engineers' test runs in one checkout) never overwrite each other.
const out = process.env.SEJAHTERA_WEB_OUT;

/** @type {import('@sveltejs/kit').Config} */
const config = {
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter(out ? { out: `${out}/build` } : {}),
    ...(out ? { outDir: `${out}/kit` } : {}),
  },
};

export default config;
