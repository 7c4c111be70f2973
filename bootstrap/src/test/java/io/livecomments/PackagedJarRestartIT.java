package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livecomments.Api.Reply;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, stopped with SIGTERM and started again in its folder, still has its data. */
class PackagedJarRestartIT {

  @TempDir Path folder;

  @Test
  void postsAndCommentsSurviveARestartOfTheJar() {
    String post;
    List<Object> ids;
    try (PackagedJar first = PackagedJar.start(folder)) {
      Api api = new Api(first.base());
      String token = api.devToken("alice", null);
      post = api.createPost(token, "kept across restarts");
      for (int i = 1; i <= 3; i++) {
        assertEquals(201, api.comment(post, token, "comment " + i).status());
      }
      ids =
          api.get("/api/v1/posts/" + post + "/comments").list("comments").stream()
              .map(c -> c.get("id"))
              .toList();
    }
    try (PackagedJar second = PackagedJar.start(folder)) {
      Api api = new Api(second.base());
      assertEquals("kept across restarts", api.get("/api/v1/posts/" + post).string("title"));
      Reply page = api.get("/api/v1/posts/" + post + "/comments");
      assertEquals(ids, page.list("comments").stream().map(c -> c.get("id")).toList());
      Reply next = api.comment(post, api.devToken("bob", null), "after the restart");
      assertEquals(4L, ((Number) next.json().get("seq")).longValue(), next.text());
    }
  }
}
