package io.livecomments.application.port.in;

import io.livecomments.domain.Author;
import io.livecomments.domain.Post;
import io.livecomments.domain.PostTitle;
import java.util.Objects;

public interface CreatePostUseCase {

  Post createPost(CreatePostCommand command);

  record CreatePostCommand(Author author, PostTitle title) {
    public CreatePostCommand {
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(title, "title");
    }
  }
}
