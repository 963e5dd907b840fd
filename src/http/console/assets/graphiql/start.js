// Starts GraphiQL against this server. A signed-in console session sends its form
// token with every request (and in the WebSocket's connection_init), so no token needs
// pasting; without a session, add an Authorization header in the headers tab.
(function () {
  var meta = document.querySelector('meta[name="steward-csrf"]');
  var headers = meta ? { "X-Steward-Csrf": meta.content } : {};
  var ws = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/graphql/ws";
  var fetcher = GraphiQL.createFetcher({
    url: "/graphql",
    subscriptionUrl: ws,
    headers: headers,
  });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      defaultQuery:
        "# Signed in: queries run as you. Otherwise set the header\n" +
        '# {"Authorization": "Bearer stw_..."} below.\n' +
        "{\n  systems(first: 5) {\n    totalCount\n    edges { node { id name } }\n  }\n}\n",
    })
  );
})();
