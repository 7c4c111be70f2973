package io.livecomments.adapters.rest;

import io.livecomments.application.port.in.DeleteCommentUseCase;
import io.livecomments.application.port.in.EditCommentUseCase;
import io.livecomments.application.port.in.GetCommentUseCase;
import io.livecomments.application.port.in.ListCommentsUseCase;
import io.livecomments.application.port.in.PostCommentUseCase;
import io.livecomments.application.port.in.PushCommentPageUseCase;
import jakarta.inject.Singleton;

/** The comment use cases, handed as one to each of the routes that expose them. */
@Singleton
public record CommentUseCases(
    PostCommentUseCase post,
    ListCommentsUseCase list,
    GetCommentUseCase get,
    EditCommentUseCase edit,
    DeleteCommentUseCase delete,
    PushCommentPageUseCase pushPage) {}
