// Live messages: the Web tells this page, through SignalR, which thread changed (ids only); the page then asks the Web
// for the parts that show it (the open thread, the list of threads, the unread badges) and swaps them in. Without
// JavaScript, or without a connection, the pages work as they are: the forms post and the page reloads.
(() => {
  "use strict";
  if (!window.signalR) {
    return;
  }

  const badgeSource = document.querySelector("[data-unread-src]")?.getAttribute("data-unread-src");
  const messages = document.querySelector("[data-live-messages]");
  const threads = document.querySelector("[data-live-threads]");
  const status = document.querySelector("[data-live-status]");
  let unseen = false;

  async function fetchText(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } });
    return response.ok ? response.text() : null;
  }

  async function refreshBadges() {
    if (!badgeSource) {
      return;
    }

    const text = await fetchText(badgeSource);
    if (text === null) {
      return;
    }

    const count = JSON.parse(text).count;
    for (const badge of document.querySelectorAll("[data-unread-badge]")) {
      badge.hidden = count === 0;
      const number = badge.querySelector("[data-unread-count]");
      if (number) {
        number.textContent = String(count);
      }
    }
  }

  async function refresh(element, read) {
    const source = element.getAttribute("data-live-src");
    const html = await fetchText(read ? `${source}&read=true` : source);
    if (html !== null) {
      element.innerHTML = html;
    }
  }

  // Read only what she or they can see: a thread in a hidden tab is marked read when it is looked at.
  async function refreshThread(posted) {
    const visible = document.visibilityState === "visible";
    unseen = unseen || (posted && !visible);
    await refresh(messages, visible);
    if (posted && status) {
      status.textContent = "A new message arrived.";
    }
  }

  document.addEventListener("visibilitychange", async () => {
    if (document.visibilityState === "visible" && unseen && messages) {
      unseen = false;
      await refresh(messages, true);
      await refreshBadges();
    }
  });

  const connection = new signalR.HubConnectionBuilder()
    // WebSockets straight away, without SignalR's negotiate request: with several Web instances behind a balancer that
    // does not keep a browser on one instance, the negotiate and the connection it names could reach different ones.
    .withUrl("/hubs/messages", { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  connection.on("notice", async notice => {
    try {
      // A read changes no words, only the counts: the open thread is fetched again for new messages only.
      if (messages && notice.posted && messages.getAttribute("data-thread-id") === notice.threadId) {
        await refreshThread(true);
      }

      if (threads) {
        await refresh(threads, false);
      }

      await refreshBadges();
    } catch (error) {
      console.warn("A live update could not be shown; a reload shows it.", error);
    }
  });

  // The Web says so once this connection is in its group: only from then does every notice for it arrive.
  connection.on("listening", () => document.documentElement.setAttribute("data-live", "connected"));

  async function start(delay) {
    try {
      await connection.start();
    } catch {
      setTimeout(() => start(Math.min(delay * 2, 60000)), delay);
    }
  }

  connection.onreconnecting(() => document.documentElement.removeAttribute("data-live"));
  connection.onclose(() => {
    document.documentElement.removeAttribute("data-live");
    start(5000);
  });
  start(2000);
})();
