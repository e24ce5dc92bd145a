import type { HostileCase } from "../case";

const DEV = "config/environments/dev.yaml";
const f = (name: string, edits: HostileCase["edits"], file: string, words: string[]): HostileCase => ({
  name,
  category: "files",
  edits,
  expect: { exit: 2, file, words },
});

export const cases: HostileCase[] = [
  f("symlink to /etc/passwd", [{ remove: DEV }, { link: DEV, target: "/etc/passwd" }], DEV, ["outside the repository"]),
  f(
    "symlink to a file above the repo",
    [{ write: "../secret.yaml", content: "token: hunter2\n" }, { remove: DEV }, { link: DEV, target: "../../../secret.yaml" }],
    DEV,
    ["outside the repository"],
  ),
  f("dangling symlink", [{ remove: DEV }, { link: DEV, target: "nowhere.yaml" }], DEV, ["does not exist"]),
  f("directory named like an environment file", [{ mkdir: "config/environments/staging.yaml" }], "config/environments/staging.yaml", [
    "folder",
    "expected only <env>.yaml",
  ]),
  f("nested environment folder", [{ write: "config/environments/eu/prod.yaml", content: "project: x\n" }], "config/environments/eu", [
    "folder",
    "expected only <env>.yaml",
  ]),
  f("notes.txt under config", [{ write: "config/notes.txt", content: "hello\n" }], "config/notes.txt", [
    "unexpected file",
    "expected only",
  ]),
  f("extra folder under config", [{ mkdir: "config/old" }], "config/old", ["unexpected folder"]),
  f(".yml environment file", [{ write: "config/environments/qa.yml", content: "project: x\n" }], "config/environments/qa.yml", [
    ".yml",
    ".yaml",
  ]),
  f(
    "capitalised environment name",
    [{ write: "config/environments/Prod.yaml", content: "project: x\n" }],
    "config/environments/Prod.yaml",
    ["lowercase", '"Prod.yaml"'],
  ),
  f(
    "space in environment name",
    [{ write: "config/environments/dev copy.yaml", content: "project: x\n" }],
    "config/environments/dev copy.yaml",
    ["lowercase", '"dev copy.yaml"'],
  ),
  f("README under environments", [{ write: "config/environments/README.md", content: "# envs\n" }], "config/environments/README.md", [
    "unexpected entry",
  ]),
  f("models.yaml is a directory", [{ remove: "config/models.yaml" }, { mkdir: "config/models.yaml" }], "config/models.yaml", ["directory"]),
  f("environments is a file", [{ remove: "config/environments" }, { write: "config/environments", content: "x" }], "config/environments", [
    "expected a directory",
  ]),
  f("backup file with tilde", [{ write: "config/environments/dev.yaml~", content: "x" }], "config/environments/dev.yaml~", [
    "unexpected entry",
  ]),
];
