package io.livecomments.adapters.rest.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livecomments.application.port.out.StoreOutcomeUnknownException;
import io.livecomments.application.port.out.StoreUnavailableException;
import org.junit.jupiter.api.Test;

/** A 503 tells the client whether its write may have been made. */
class StoreUnavailableHandlerTest {

  private final StoreUnavailableHandler handler = new StoreUnavailableHandler(null);

  @Test
  void anOutageThatChangedNothingSaysSo() {
    String detail = handler.detail(new StoreUnavailableException("unreachable", null));
    assertEquals(StoreUnavailableHandler.NOTHING_CHANGED, detail);
    assertTrue(detail.contains("nothing was changed"), detail);
  }

  @Test
  void aWriteWhoseOutcomeIsUnknownIsNotCalledUndone() {
    String detail = handler.detail(new StoreOutcomeUnknownException("answer lost", null));
    assertEquals(StoreUnavailableHandler.OUTCOME_UNKNOWN, detail);
    assertTrue(!detail.contains("nothing was changed"), detail);
    assertTrue(detail.contains("may have been"), detail);
  }
}
