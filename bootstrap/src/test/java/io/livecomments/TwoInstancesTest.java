package io.livecomments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livecomments.Api.Reply;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the service on one DynamoDB, hammered concurrently on one post over HTTP: the
 * post's seqs come out 1..N, no gap and no duplicate, and the list API pages through all of them in
 * order from either instance.
 */
class TwoInstancesTest {

  private static final int WRITERS = 24;
  private static final int COMMENTS_PER_WRITER = 15;

  private static EmbeddedServer instance(String prefix) {
    Map<String, Object> properties = SeparateDynamoDb.serviceProperties(prefix);
    properties.put("livecomments.broadcast", "none");
    properties.put("livecomments.apigateway.endpoint", "http://127.0.0.1:9");
    return ApplicationContext.run(EmbeddedServer.class, properties);
  }

  @Test
  void concurrentWritersOnTwoInstancesGetGaplessUniqueSeqs() throws Exception {
    String prefix = "two-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    try (EmbeddedServer one = instance(prefix);
        EmbeddedServer two = instance(prefix)) {
      List<Api> apis = List.of(new Api(one.getURI()), new Api(two.getURI()));
      String post = apis.get(0).createPost(apis.get(0).devToken("owner", null), "hot post");

      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      List<Future<List<Long>>> results = new ArrayList<>();
      try {
        for (int w = 0; w < WRITERS; w++) {
          Api api = apis.get(w % 2);
          // Rate limits are per user: each writer stays within its 30 a minute.
          String token = api.devToken("writer-" + w, null);
          int writer = w;
          Callable<List<Long>> write =
              () -> {
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < COMMENTS_PER_WRITER; i++) {
                  Reply created = api.comment(post, token, "writer " + writer + " #" + i);
                  assertEquals(201, created.status(), created.text());
                  seqs.add(((Number) created.json().get("seq")).longValue());
                }
                return seqs;
              };
          results.add(pool.submit(write));
        }
        List<Long> seqs = new ArrayList<>();
        for (Future<List<Long>> result : results) {
          seqs.addAll(result.get());
        }
        seqs.sort(Long::compare);
        int total = WRITERS * COMMENTS_PER_WRITER;
        List<Long> expected = LongStream.rangeClosed(1, total).boxed().toList();
        assertEquals(expected, seqs, "seqs handed out");

        for (Api api : apis) {
          assertEquals(expected, readAll(api, post), "seqs listed");
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static List<Long> readAll(Api api, String post) {
    List<Long> read = new ArrayList<>();
    long after = 0;
    while (true) {
      Reply page =
          api.get("/api/v1/posts/" + post + "/comments?limit=100&order=asc&afterSeq=" + after);
      assertEquals(200, page.status(), page.text());
      List<Map<String, Object>> comments = page.list("comments");
      if (comments.isEmpty()) {
        return read;
      }
      comments.forEach(c -> read.add(((Number) c.get("seq")).longValue()));
      after = read.get(read.size() - 1);
    }
  }
}
