package io.livecomments.application.port.out.push;

import io.livecomments.domain.Comment;
import io.livecomments.domain.CommentId;
import io.livecomments.domain.ConnectionId;
import io.livecomments.domain.PostId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The messages pushed to clients (CONTRACT section 5); the envelope wraps each. */
public sealed interface OutboundMessage {

  /** The wire name of the message, e.g. {@code comment.created}. */
  String type();

  /** A creation; its rev is the comment's own. */
  record CommentCreated(Comment comment) implements OutboundMessage {
    @Override
    public String type() {
      return "comment.created";
    }
  }

  /**
   * An edit ({@code action = updated}) or a deletion ({@code deleted}, comment absent), numbered by
   * the post's {@code rev} of that change.
   */
  record CommentUpdated(
      PostId postId, long rev, CommentId commentId, String action, Optional<Comment> comment)
      implements OutboundMessage {
    public static final String UPDATED = "updated";
    public static final String DELETED = "deleted";

    @Override
    public String type() {
      return "comment.updated";
    }
  }

  /** One part of a page of comments; pages too large for one message come in several. */
  record CommentsList(
      PostId postId,
      List<Comment> comments,
      OptionalLong nextAfterSeq,
      OptionalLong nextBeforeSeq,
      long headRev,
      int part,
      int parts)
      implements OutboundMessage {
    public CommentsList {
      comments = List.copyOf(comments);
    }

    @Override
    public String type() {
      return "comments.list";
    }
  }

  record TestBroadcast(String message) implements OutboundMessage {
    @Override
    public String type() {
      return "test";
    }
  }

  record ConnectionInfo(ConnectionId connectionId, List<PostId> subscriptions)
      implements OutboundMessage {
    @Override
    public String type() {
      return "connection.info";
    }
  }

  record Pong() implements OutboundMessage {
    @Override
    public String type() {
      return "pong";
    }
  }

  record ErrorReply(String message) implements OutboundMessage {
    @Override
    public String type() {
      return "error";
    }
  }
}
