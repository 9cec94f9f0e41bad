// JS unit tests live next to the front end (js/**/__tests__); pure logic only, so plain node, no DOM.
// The explicit include keeps vitest from crawling .venv and node_modules for stray *.test files.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["js/**/*.test.ts"],
    environment: "node",
  },
});
