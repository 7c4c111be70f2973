package io.livecomments.application.port.in;

import io.livecomments.domain.Post;
import io.livecomments.domain.PostId;

public interface GetPostUseCase {

  /**
   * @throws io.livecomments.domain.PostNotFoundException if there is no such post
   */
  Post getPost(PostId postId);
}
