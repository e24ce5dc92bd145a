// Lint: typescript-eslint's recommended rules, plus the layering rule: only io/, cli/, bench/ and scripts touch
// the disk, git or processes; routing/ and constructs/ stay pure.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const IO_MODULES = ["fs", "node:fs", "fs/promises", "node:fs/promises", "child_process", "node:child_process"];

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "coverage/", ".gen/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        URL: "readonly",
        Buffer: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      eqeqeq: ["error", "smart"],
      "no-console": "off",
    },
  },
  {
    files: ["routing/**/*.ts", "constructs/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: IO_MODULES.map((name) => ({ name, message: "routing/ and constructs/ are pure: disk, git and processes live in io/." })) },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
