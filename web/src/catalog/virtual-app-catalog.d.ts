declare module "virtual:app-catalog" {
  const apps: readonly import("./web-app.js").WebApp[];
  export default apps;
}
