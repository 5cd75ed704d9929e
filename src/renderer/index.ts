// Notebook renderer entry for `application/vnd.activation-lab+json` (wired up by the notebook issue).
export {};
